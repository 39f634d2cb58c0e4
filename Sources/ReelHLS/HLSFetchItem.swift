import ReelHTTP

/// One entry of the fetch's ordered list: a segment to fetch, an ad, or a gap.
struct HLSFetchItem {
    enum State {
        case queued
        case running
        case downloaded
        case done(bytes: Int, resumed: Bool)
        case failed(String)
        case advertisement
        case gap(FetchGap)
    }

    var segment: HLSSegment
    /// The segment's absolute URL ("" for a gap).
    var url: String
    var span: ByteSpan?
    /// The key resource (AES-128) and the segment's IV.
    var key: Int?
    var iv: [UInt8] = []
    /// The initialisation-section resource (`EXT-X-MAP`).
    var map: Int?
    var start: Double
    var programDateTime: String?
    var discontinuity: Bool
    var isMuted = false
    /// File name in the folder (made by hls-fetch, never taken from the URL).
    var fileName: String
    var state: State
    var attempts = 0
    var retryAt = 0.0
    var lastReason = ""
    /// When its current transfer started (monotonic seconds).
    var startedAt = 0.0

    var isQueued: Bool {
        if case .queued = state { return true }
        return false
    }

    var isRunning: Bool {
        if case .running = state { return true }
        return false
    }
}

/// A key or initialisation section: fetched once, used by many segments.
struct HLSFetchResource {
    enum State {
        case queued
        case running
        case ready([UInt8])
        case failed(String)
    }

    var url: String
    var span: ByteSpan?
    var what: String
    var state = State.queued
    var attempts = 0
    var retryAt = 0.0
    /// When its current transfer started (monotonic seconds).
    var startedAt = 0.0

    var bytes: [UInt8]? {
        if case .ready(let bytes) = state { return bytes }
        return nil
    }
}
