import CFFmpeg
import ReelCore

/// Maps timestamps inside successive files (a whole video, or HLS segments) to stream time:
/// seconds since the first frame, continuous across files.
///
/// Files whose timestamps continue the previous file's (segments cut from one stream) keep
/// one base, so their times equal those of the uncut stream. A file marked as a
/// discontinuity, or whose timestamps do not continue (a restart, a wrap), is re-based at its
/// stated start (a segment record's `start`), or right after the previous file.
public struct StreamTimeline: Sendable {
    private var baseTimestamp: Int64 = 0
    private var baseTime = 0.0
    private var timeBase = AVRational(num: 1, den: 90_000)
    private var started = false
    private var lastTime: Double?
    private var lastDuration = 0.0
    /// The start the latest file was said to have, when it was not believed: more than a day
    /// (`NumberLimits.plausibleJump`) past where the stream had got to.
    public private(set) var ignoredStart: Double?

    /// Seconds a file's first timestamp may stray from where the previous file ended and still
    /// count as continuing it.
    public static let tolerance = 1.0

    public init() {}

    /// Starts a file whose first video timestamp is `timestamp` (in `timeBase`).
    ///
    /// - Parameters:
    ///   - start: the stream time the file is said to start at (a segment's `start`), if known.
    ///   - discontinuity: the file's timestamps are known not to continue the previous ones.
    /// - Returns: whether the file was re-based.
    @discardableResult
    mutating func begin(timestamp: Int64, timeBase: AVRational, start: Double?, discontinuity: Bool) -> Bool {
        defer { started = true }
        guard started else {
            rebase(timestamp: timestamp, timeBase: timeBase, at: start ?? 0)
            return true
        }
        ignoredStart = nil
        let reached = lastTime.map { $0 + lastDuration }
        var expected = start ?? reached ?? 0
        if let start, let reached, start - reached > NumberLimits.plausibleJump {
            // A stated start absurdly far ahead is a discontinuity, not a new origin of time.
            ignoredStart = start
            expected = reached
        }
        let predicted = baseTime + (Double(timestamp) - Double(baseTimestamp)) * av_q2d(self.timeBase)
        let sameClock = timeBase.num == self.timeBase.num && timeBase.den == self.timeBase.den
        guard discontinuity || !sameClock || abs(predicted - expected) > Self.tolerance else {
            return false
        }
        rebase(timestamp: timestamp, timeBase: timeBase, at: expected)
        return true
    }

    private mutating func rebase(timestamp: Int64, timeBase: AVRational, at time: Double) {
        baseTimestamp = timestamp
        baseTime = time
        self.timeBase = timeBase
    }

    /// The stream time of `timestamp` in the current file; remembers it as the latest.
    public mutating func time(of timestamp: Int64, duration: Double = 0) -> Double {
        let time = baseTime + (Double(timestamp) - Double(baseTimestamp)) * av_q2d(timeBase)
        if time >= (lastTime ?? -.infinity) {
            lastTime = time
            if duration > 0 { lastDuration = duration }
        }
        return time
    }

    /// The stream time of `timestamp` of another stream of the current file (audio), in its
    /// own `timeBase`; remembers nothing.
    func time(of timestamp: Int64, in timeBase: AVRational) -> Double {
        baseTime + Double(timestamp) * av_q2d(timeBase) - Double(baseTimestamp) * av_q2d(self.timeBase)
    }
}
