import ReelHTTP

/// What `HLSFetcher` fetches and how.
public struct HLSFetchOptions: Sendable {
    /// The folder segment files are written to (created when missing).
    public var folder = "."
    /// One joined file of all segments in order, when set.
    public var concatenation: String?
    /// The variant of a master playlist: `best`, `worst`, or a name (`720p60`, `720p`, `source`).
    public var quality = "best"
    /// Segment transfers at once.
    public var threads = 4
    /// Attempts after the first for a segment, key or playlist that fails transiently.
    public var retries = 4
    /// Stream time to start at, s (segments ending before it are not fetched).
    public var start = 0.0
    /// Stream time to take from `start`, s (nil: to the end; live: until stopped).
    public var duration: Double?
    /// Live: segments back from the live edge to start with.
    public var liveEdge = 3
    /// Live: start at the playlist's first segment instead of the live edge.
    public var fromStart = false
    /// Live: seconds without a new segment that end the run (nil: three target durations, at least 5 s).
    public var idleTimeout: Double?
    /// The largest segment, key, map or playlist accepted, in bytes.
    public var maximumSegmentSize = 512 << 20
    /// Limits on playlists (size, line length, segments).
    public var playlistLimits = HLSPlaylist.Limits()
    /// Transfer timeouts (connect, stall).
    public var http = HTTPOptions()
    /// Headers sent with every request (e.g. Twitch's Client-ID).
    public var headers: [HTTPHeader] = []

    public init() {}
}
