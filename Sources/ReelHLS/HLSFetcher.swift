import Glibc
import ReelCore
import ReelHTTP

/// Downloads an HLS stream, VOD or live, to segment files, reporting each segment in
/// playlist order as soon as it (and all before it) are on disk.
///
/// Segments are fetched in parallel over one `TransferQueue`; partial files from an earlier
/// run continue with Range requests and complete ones are not fetched again; transient
/// failures are retried with exponential backoff, and a segment that keeps failing is reported
/// (a failure, then a gap) while the rest goes on. AES-128 segments are decrypted, fMP4
/// segments get their initialisation section prepended so each file plays alone. Live
/// playlists are reloaded on the target duration (halved while nothing new comes) until
/// `#EXT-X-ENDLIST`, the duration asked for, or an idle timeout.
public final class HLSFetcher {
    /// The options in force.
    public let options: HLSFetchOptions
    /// The name of the variant chosen from a master playlist.
    public private(set) var variantName: String?
    /// The segments and gaps reported so far, and how many the stream has once its playlist
    /// has ended (a VOD; nil while live): how far a run is.
    public var reported: (done: Int, of: Int?) { (emitted, isEnded ? items.count : nil) }

    let queue: TransferQueue
    let report: (HLSFetchEvent) throws -> Void
    var mediaURL = ""
    var isLive = false
    var isEnded = false
    var targetDuration = 6.0
    var reloadInterval = 6.0
    var lastReloadStart = 0.0
    var lastNewSegment = 0.0
    var isReloading = false
    var reloadFailures = 0
    var lastSequence: Int?
    var nextStart = 0.0
    var carriedDate: Double?
    var ads = StitchedAds()
    var afterAdvertisement = false
    var warnedBackwards = false
    var items: [HLSFetchItem] = []
    var emitted = 0
    var resources: [HLSFetchResource] = []
    var resourceIndex: [String: Int] = [:]
    var concatenation: ConcatenationWriter?
    var failures = 0

    static let playlistTag = -1

    /// A fetcher with `options`; `report` receives the events in stream order (an error it
    /// throws stops the fetch).
    public init(options: HLSFetchOptions, report: @escaping (HLSFetchEvent) throws -> Void) throws(NetError) {
        var http = options.http
        http.maximumBodySize = options.maximumSegmentSize
        self.options = options
        self.report = report
        queue = try TransferQueue(options: http)
    }

    /// Segments given up on so far.
    public var failureCount: Int { failures }

    /// Fetches the stream at `url` (a master or media playlist) until its end.
    ///
    /// - Throws: `NetError` when the playlist cannot be had, `HLSPlaylistError` when it is
    ///   refused, `HLSFetchError` for a missing variant or an unusable folder, and whatever
    ///   `report` throws.
    public func run(url: String) throws {
        try AtomicFile.makeFolders(options.folder)
        var (playlist, base) = try loadPlaylist(url)
        if case .master(let master) = playlist {
            for warning in master.warnings {
                try? report(.warning(warning.reason, at: warning.location))
            }
            guard let variant = master.variant(for: options.quality) else {
                let names = master.variants.map { master.name(of: $0) }
                throw HLSFetchError("no variant \"\(options.quality)\" (there are: \(names.joined(separator: ", ")))",
                                    at: URLRedaction.redact(url))
            }
            variantName = master.name(of: variant)
            if let group = variant.audio,
               let audio = master.renditions.first(where: { $0.type == "AUDIO" && $0.groupID == group && $0.uri != nil }) {
                warn("the variant's sound is a separate rendition (\(audio.name)), which is not fetched: the segments have none",
                     at: url)
            }
            let variantURL = try HLSReference.resolve(variant.uri, against: base)
            (playlist, base) = try loadPlaylist(variantURL)
        }
        guard case .media(let media) = playlist else {
            throw HLSFetchError("a variant's playlist is a master playlist", at: URLRedaction.redact(base))
        }
        mediaURL = base
        if let path = options.concatenation {
            concatenation = try ConcatenationWriter(path: path)
        }
        lastReloadStart = monotonicSeconds()
        lastNewSegment = lastReloadStart
        take(media, first: true)
        try loop()
        try concatenation?.finish()
    }

    private func loop() throws {
        while true {
            let now = monotonicSeconds()
            if isLive && !isEnded {
                if now - lastNewSegment > idleTimeout {
                    let seconds = RecordTemplate.shortest(idleTimeout)
                    warn("no new segment for \(seconds) s: stopping", at: mediaURL)
                    isEnded = true
                } else if !isReloading && now >= lastReloadStart + reloadInterval {
                    startReload(now: now)
                }
            }
            startTransfers(now: now)
            finishDownloads()
            try emitReady()
            if isEnded && emitted == items.count && !isReloading {
                return
            }
            var deadline = now + 1
            if isLive && !isEnded && !isReloading {
                deadline = min(deadline, lastReloadStart + reloadInterval)
            }
            for item in items[emitted...] where item.isQueued {
                deadline = min(deadline, item.retryAt)
            }
            for outcome in queue.wait(until: deadline) {
                handle(outcome)
            }
        }
    }

    /// Seconds without a new segment that end a live fetch.
    var idleTimeout: Double {
        options.idleTimeout ?? max(5, 3 * targetDuration)
    }

    func warn(_ message: String, at url: String) {
        try? report(.warning(message, at: URLRedaction.redact(url)))
    }

    /// Reports a transfer that ended (started at `startedAt`, monotonic seconds).
    func noteTransfer(_ what: String, url: String, bytes: Int, startedAt: Double, detail: String? = nil,
                      problem: String? = nil) {
        let seconds = max(0, monotonicSeconds() - startedAt)
        try? report(.transfer(FetchTransfer(what: what, url: URLRedaction.redact(url), bytes: bytes, seconds: seconds,
                                            detail: detail, problem: problem)))
    }

    /// The longest wait a `Retry-After` gets, in seconds.
    static let maximumRetryAfter = 60.0

    /// Seconds to wait before attempt `attempt + 1`: 0.25 s doubling up to 10 s, with jitter;
    /// a valid `Retry-After` (at most 60 s) instead.
    static func backoff(after attempt: Int, retryAfter: Double? = nil) -> Double {
        if let retryAfter, retryAfter >= 0, retryAfter.isFinite {
            return min(retryAfter, maximumRetryAfter)
        }
        let base = min(10, 0.25 * Double(1 << min(attempt - 1, 10)))
        return base * Double.random(in: 0.8...1.2)
    }
}

/// Why a fetch could not go on.
public struct HLSFetchError: LocatedError, Sendable {
    public var location: String?
    public var reason: String
    public var failure: FailureKind

    public init(_ reason: String, at location: String?, failure: FailureKind = .badInput) {
        self.reason = reason
        self.location = location
        self.failure = failure
    }
}
