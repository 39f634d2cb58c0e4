/// What `HLSFetcher` reports: segments, gaps and failures in stream order; transfers as they
/// end.
public enum HLSFetchEvent: Sendable {
    /// A segment complete on disk (or an advertisement, marked and not fetched).
    case segment(FetchedSegment)
    /// Segments that could not be had: a sequence jump, `EXT-X-GAP`, or one that kept failing.
    case gap(FetchGap)
    /// A segment that kept failing (followed by its gap).
    case failure(FetchFailure)
    /// Something worth knowing that does not lose data.
    case warning(String, at: String)
    /// A playlist, segment, key or map transfer that ended, well or not (for `--verbose`):
    /// reported as it ends, not in stream order.
    case transfer(FetchTransfer)
}

/// A downloaded segment.
public struct FetchedSegment: Sendable, Equatable {
    public var sequence: Int
    /// Where it came from (query and credentials removed).
    public var url: String
    /// The local file (nil for a skipped advertisement).
    public var path: String?
    /// Stream time of its start, s.
    public var start: Double
    public var duration: Double
    /// Size of the file (including the initialisation section prepended for fMP4).
    public var bytes: Int
    public var discontinuity = false
    /// Its program date-time (RFC 3339), given or carried forward from an earlier segment.
    public var programDateTime: String?
    /// A stitched advertisement: skipped.
    public var isAdvertisement = false
    /// A muted Twitch VOD segment (`N-muted.ts`).
    public var isMuted = false
    /// The name of the variant it belongs to.
    public var variant: String?
    /// It was on disk from an earlier run.
    public var wasResumed = false
}

/// A stretch of the stream without segments.
public struct FetchGap: Sendable, Equatable {
    public var from: Int
    public var to: Int
    public var start: Double
    /// Its length, when known or estimated.
    public var duration: Double?
    public var reason: String
}

/// A segment given up on.
public struct FetchFailure: Sendable, Equatable {
    public var sequence: Int
    public var url: String
    public var start: Double
    public var duration: Double
    public var reason: String
    public var attempts: Int
}

/// One transfer that ended: what it was, how much came and how long it took.
public struct FetchTransfer: Sendable, Equatable {
    /// What was fetched: `playlist`, `segment 41`, `key`, `initialisation section`.
    public var what: String
    /// Where from (query and credentials removed).
    public var url: String
    /// Bytes received (for a segment continued from a partial file, the file's size).
    public var bytes: Int
    /// Seconds from its start to its end.
    public var seconds: Double
    /// What a playlist holds (`media, 12 segments, 2 new`), when known.
    public var detail: String?
    /// What went wrong and what comes next (nil when it succeeded).
    public var problem: String?

    public init(what: String, url: String, bytes: Int, seconds: Double, detail: String? = nil, problem: String? = nil) {
        self.what = what
        self.url = url
        self.bytes = bytes
        self.seconds = seconds
        self.detail = detail
        self.problem = problem
    }
}
