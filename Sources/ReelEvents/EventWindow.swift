import ReelCore

/// The span of stream time a clip of an event covers.
///
/// Taken from the event's `clip` object when it has one (event-detect's choice), else its
/// `start`/`end` (a match; a partial match lacks one bound, which then reaches to the edge of
/// the source), else its `t` with `before` seconds before and `after` after.
public struct EventWindow: Sendable, Equatable {
    public var start: Double
    /// nil: to the end of the source.
    public var end: Double?

    public init(start: Double, end: Double?) {
        self.start = start
        self.end = end
    }

    /// The window of `event`, or nil when it gives no time at all.
    public init?(event: Record, before: Double, after: Double) {
        if let clip = event["clip"]?.objectValue, let start = clip["start"]?.doubleValue,
           let end = clip["end"]?.doubleValue {
            self.init(start: max(0, start), end: end)
        } else if event["start"]?.doubleValue != nil || event["end"]?.doubleValue != nil {
            self.init(start: max(0, event["start"]?.doubleValue ?? 0), end: event["end"]?.doubleValue)
        } else if let t = event["t"]?.doubleValue {
            self.init(start: max(0, t - before), end: t + after)
        } else {
            return nil
        }
        guard start.isFinite, end.map({ $0.isFinite && $0 > start }) ?? true else { return nil }
    }
}
