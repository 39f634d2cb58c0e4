import ReelCore

/// What a person labelled: the value a counter shows from each moment on (labels.ndjson).
///
/// One record per change, in time order: `{"type":"label","t":12.0,"value":3}` says that from
/// stream time 12.0 s on the counter shows 3 until the next label; `"value":null` that no
/// counter shows; `"value":[2,1]` a score of two numbers. A frame is labelled by the last label
/// at or before its `t`. An optional `"source"` names the video when labels of several share
/// one file. Other records (the icon's box, say) are ignored.
public struct CounterLabels: Sendable {
    /// A labelled value.
    public enum Value: Sendable, Equatable {
        /// No counter shows.
        case hidden
        /// The counter shows this number.
        case count(Int)
        /// A score of several numbers.
        case numbers([Int])
    }

    /// One label: from `time` on, `value`, in `source` (nil: any).
    public struct Label: Sendable, Equatable {
        public var time: Double
        public var value: Value
        public var source: String?

        public init(time: Double, value: Value, source: String?) {
            self.time = time
            self.value = value
            self.source = source
        }
    }

    public private(set) var labels: [Label] = []

    public init(labels: [Label]) {
        self.labels = labels
    }

    /// Reads labels.ndjson, refusing labels out of order or with values that are no counts.
    public init(path: String, run: ToolRun) throws {
        var lastTime: [String: Double] = [:]
        var problem: ToolError?
        try run.forEachRecord(in: [path]) { record in
            guard problem == nil, let label = LabelRecord(record) else { return }
            let place = path + (label.time.map { " (label at \($0) s)" } ?? "")
            guard let t = label.time else {
                problem = ToolError("a label without a time `t` of 0 or more seconds", at: path, failure: .badInput)
                return
            }
            let source = label.source
            let value: Value
            switch label.value {
            case .some(.null):
                value = .hidden
            case .some(.number):
                guard let count = label.count else {
                    problem = ToolError("value must be a whole number 0 to 999999 or null", at: place, failure: .badInput)
                    return
                }
                value = .count(count)
            case .some(.array(let items)):
                let numbers = items.compactMap { $0.intValue }.filter { (0...999_999).contains($0) }
                guard numbers.count == items.count, (1...4).contains(numbers.count) else {
                    problem = ToolError("value lists 1 to 4 whole numbers 0 to 999999", at: place, failure: .badInput)
                    return
                }
                value = .numbers(numbers)
            default:
                problem = ToolError("a label needs a value (a number, a list of numbers, or null)", at: place, failure: .badInput)
                return
            }
            let key = source ?? ""
            if let last = lastTime[key], t < last {
                problem = ToolError("labels out of order: \(t) s after \(last) s (one label per change, in time order)",
                                    at: place, failure: .badInput)
                return
            }
            lastTime[key] = t
            labels.append(Label(time: t, value: value, source: source))
        }
        if let problem { throw problem }
        guard !labels.isEmpty else { throw ToolError("no label records in it", at: path, failure: .badInput) }
    }

    /// Whether a label's source names a frame's source file (the same path, or its file name).
    static func names(_ labelSource: String?, _ frameSource: String?) -> Bool {
        guard let labelSource else { return true }
        guard let frameSource else { return false }
        return labelSource == frameSource || labelSource == frameSource.split(separator: "/").last.map(String.init)
    }

    /// Whether any label applies to frames of `source`.
    public func cover(source: String?) -> Bool {
        labels.contains { Self.names($0.source, source) }
    }

    /// The value shown at `time` in `source`: the last label at or before it; nil before the
    /// first.
    public func value(at time: Double, source: String?) -> Value? {
        labels.last { $0.time <= time && Self.names($0.source, source) }?.value
    }

    /// The span of time the labels cover in `source` (the first label to the last).
    public func span(source: String?) -> ClosedRange<Double>? {
        let times = labels.filter { Self.names($0.source, source) }.map(\.time)
        guard let first = times.min(), let last = times.max() else { return nil }
        return first...last
    }
}
