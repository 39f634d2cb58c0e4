/// What `HLSFetcher` reports, in stream order.
public enum HLSFetchEvent: Sendable {
    /// A segment complete on disk (or an advertisement, marked and not fetched).
    case segment(FetchedSegment)
    /// Segments that could not be had: a sequence jump, `EXT-X-GAP`, or one that kept failing.
    case gap(FetchGap)
    /// A segment that kept failing (followed by its gap).
    case failure(FetchFailure)
    /// Something worth knowing that does not lose data.
    case warning(String, at: String)
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
