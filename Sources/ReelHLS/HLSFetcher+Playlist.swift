import Glibc
import ReelCore
import ReelHTTP

extension HLSFetcher {
    /// Loads a playlist now, retrying transient failures; returns it and the URL it came from.
    func loadPlaylist(_ url: String) throws -> (HLSPlaylist, String) {
        var http = options.http
        http.maximumBodySize = options.playlistLimits.bytes
        let client = try HTTPClient(options: http)
        var attempt = 0
        while true {
            attempt += 1
            let request = HTTPRequest(url: url, headers: options.headers)
            var retryAfter: Double?
            var failure: NetError
            let startedAt = monotonicSeconds()
            var bytes = 0
            do {
                let response = try client.send(request)
                bytes = response.body.count
                if response.status == 200 {
                    let playlist = try HLSPlaylist.parse(response.body, source: URLRedaction.redact(response.url),
                                                         limits: options.playlistLimits)
                    noteTransfer("playlist", url: response.url, bytes: bytes, startedAt: startedAt,
                                 detail: Self.summary(of: playlist))
                    return (playlist, response.url)
                }
                let retryable = Self.isRetryable(response.status)
                failure = NetError(response.summary, url: url, kind: retryable ? .transport : .status)
                retryAfter = Self.retryAfter(response)
                guard retryable else { throw failure }
            } catch let error as NetError where error.isTransient {
                failure = error
            }
            guard attempt <= options.retries else { throw failure }
            let wait = Self.backoff(after: attempt, retryAfter: retryAfter)
            noteTransfer("playlist", url: url, bytes: bytes, startedAt: startedAt,
                         problem: Self.retrying(failure.reason, in: wait, attempt: attempt + 1, of: options.retries + 1))
            usleep(UInt32(saturating: wait * 1e6))
        }
    }

    /// What a playlist holds, for `--verbose`: `master, 5 variants`, `media, 12 segments, ended`
    /// (with `new`: `media, 12 segments, 2 new, live`).
    public static func summary(of playlist: HLSPlaylist, new: Int? = nil) -> String {
        switch playlist {
        case .master(let master):
            return "master, \(master.variants.count) variant\(master.variants.count == 1 ? "" : "s")"
        case .media(let media):
            let count = media.segments.count
            return "media, \(count) segment\(count == 1 ? "" : "s")" + (new.map { ", \($0) new" } ?? "")
                + (media.hasEndList ? ", ended" : ", live")
        }
    }

    /// `HTTP 503: trying again in 0.25 s (attempt 2 of 5)`.
    static func retrying(_ reason: String, in seconds: Double, attempt: Int, of attempts: Int) -> String {
        "\(reason): trying again in \(RecordTemplate.shortest((seconds * 100).rounded() / 100)) s (attempt \(attempt) of \(attempts))"
    }

    /// 5xx, 429 and 408 are worth another try.
    static func isRetryable(_ status: Int) -> Bool {
        status >= 500 || status == 429 || status == 408
    }

    /// A `Retry-After` in seconds (a number or an HTTP date; anything else ignored), at most
    /// `maximumRetryAfter`.
    static func retryAfter(_ response: HTTPResponse) -> Double? {
        response.retryAfter(cap: maximumRetryAfter)
    }

    func startReload(now: Double) {
        isReloading = true
        lastReloadStart = now
        queue.start(TransferJob(HTTPRequest(url: mediaURL, headers: options.headers)), tag: Self.playlistTag)
    }

    /// A reloaded playlist arrived (or did not).
    func reloaded(_ outcome: TransferOutcome) {
        isReloading = false
        let problem: String
        switch outcome.result {
        case .success(let response) where response.status == 200:
            do {
                let playlist = try HLSPlaylist.parse(response.body, source: URLRedaction.redact(mediaURL),
                                                     limits: options.playlistLimits)
                guard case .media(let media) = playlist else {
                    problem = "the reloaded playlist is a master playlist"
                    break
                }
                reloadFailures = 0
                let before = items.count
                take(media, first: false)
                noteTransfer("playlist", url: mediaURL, bytes: response.body.count, startedAt: lastReloadStart,
                             detail: Self.summary(of: playlist, new: items.count - before))
                reloadInterval = items.count > before ? targetDuration : max(1, reloadInterval / 2)
                return
            } catch {
                problem = "\(error)"
            }
        case .success(let response):
            problem = response.summary
        case .failure(let error):
            problem = error.reason
        }
        noteTransfer("playlist", url: mediaURL, bytes: outcome.bytes, startedAt: lastReloadStart,
                     problem: "\(problem) (reloading again later)")
        reloadFailures += 1
        if reloadFailures == 1 {
            warn("reloading the playlist failed: \(problem) (trying again)", at: mediaURL)
        }
        reloadInterval = max(1, reloadInterval / 2)
    }

    /// Takes the segments of `media` not taken yet.
    func take(_ media: HLSMediaPlaylist, first: Bool) {
        targetDuration = media.targetDuration.map { max($0, 0.5) } ?? 6
        ads.note(media.dateRanges)
        var segments = zip(media.segments, Self.spans(of: media.segments)).map { ($0, $1) }
        if first {
            isLive = !media.hasEndList
            reloadInterval = targetDuration
            if isLive && !options.fromStart {
                segments = Array(segments.suffix(max(options.liveEdge, 1)))
            }
        } else if let lastSequence, let last = media.segments.last?.sequence, last < lastSequence {
            if !warnedBackwards {
                warnedBackwards = true
                warn("the playlist went back in sequence (to \(last) after \(lastSequence)): ignored", at: mediaURL)
            }
            return
        }
        let fresh = segments.filter { lastSequence == nil || $0.0.sequence > lastSequence ?? 0 }
        if let lastSequence, let next = fresh.first?.0.sequence, next > lastSequence + 1, !isEnded {
            addGap(from: lastSequence + 1, to: next - 1, before: fresh.first?.0)
        }
        for (segment, span) in fresh where !isEnded {
            add(segment, span: span)
        }
        if !fresh.isEmpty {
            lastNewSegment = monotonicSeconds()
        }
        if media.hasEndList {
            isEnded = true
        }
    }

    /// The byte range of each segment with its offset filled in: a missing offset continues
    /// the previous segment's range when that segment is of the same resource.
    static func spans(of segments: [HLSSegment]) -> [ByteSpan?] {
        var spans: [ByteSpan?] = []
        var previous: (uri: String, end: Int)?
        for segment in segments {
            guard let range = segment.byteRange else {
                spans.append(nil)
                previous = nil
                continue
            }
            let offset = range.offset ?? (previous?.uri == segment.uri ? previous?.end ?? 0 : 0)
            spans.append(ByteSpan(offset: offset, length: range.length))
            // Lengths and offsets are at most 2^53 each (the parser's bound); a chain of ranges
            // continuing one another is held there too, so nothing computed from it overflows.
            previous = (segment.uri, min(offset + range.length, HLSByteRange.maximum))
        }
        return spans
    }

    /// A sequence jump: segments that scrolled out of the live playlist before they were seen.
    ///
    /// A jump that would put the stream more than a day (`NumberLimits.plausibleJump`) past
    /// where it was (a media sequence from 0 to 2^62, a date years ahead) is not believed as
    /// time: it is a discontinuity, its gap of unknown length, and stream time goes on from
    /// where it was.
    private func addGap(from: Int, to: Int, before next: HLSSegment?) {
        var duration = (Double(to) - Double(from) + 1) * targetDuration
        if let carriedDate, let date = next?.programDateTime.flatMap(ProgramDateTime.seconds), date > carriedDate {
            duration = date - carriedDate
        }
        let absurd = !(duration <= NumberLimits.plausibleJump)
        let reason = absurd ? "the playlist jumped ahead by \(Double(to) - Double(from) + 1) segments, beyond a day: a discontinuity of unknown length"
            : "the playlist skipped ahead"
        let gap = FetchGap(from: from, to: to, start: nextStart, duration: absurd ? nil : duration, reason: reason)
        items.append(HLSFetchItem(segment: HLSSegment(uri: "", sequence: from, duration: absurd ? 0 : duration), url: "",
                                  start: nextStart, discontinuity: true, fileName: "", state: .gap(gap)))
        if absurd {
            warn("the playlist jumped ahead from sequence \(from - 1) to \(to + 1), beyond a day: taken as a discontinuity, not as time",
                 at: mediaURL)
            carriedDate = nil
        } else {
            nextStart += duration
        }
        afterAdvertisement = true  // what follows does not continue what came before
    }
}
