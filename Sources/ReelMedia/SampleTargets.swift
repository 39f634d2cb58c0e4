/// The stream times frames are wanted at, in increasing order: a regular grid (`--every`) or
/// a list (`--at`), bounded by `--start`/`--end`.
public struct SampleTargets: Sendable {
    private enum Source: Sendable {
        case every(Double)
        case list([Double])
    }

    private let source: Source
    /// No target before this time.
    public let start: Double
    /// No target after this time.
    public let end: Double
    private var index = 0

    /// One target every `interval` seconds from `start`.
    public static func every(_ interval: Double, start: Double = 0, end: Double = .infinity) -> SampleTargets {
        SampleTargets(source: .every(interval), start: start, end: end)
    }

    /// The given times (sorted, duplicates dropped), within `start` and `end`.
    public static func at(_ times: [Double], start: Double = 0, end: Double = .infinity) -> SampleTargets {
        let kept = Array(Set(times.filter { $0 >= start && $0 <= end && $0.isFinite })).sorted()
        return SampleTargets(source: .list(kept), start: start, end: end)
    }

    private init(source: Source, start: Double, end: Double) {
        self.source = source
        self.start = start
        self.end = end
    }

    /// The next target, without taking it (nil when none are left).
    public var next: Double? {
        switch source {
        case .every(let interval):
            let time = start + Double(index) * interval
            return time <= end ? time : nil
        case .list(let times):
            return index < times.count ? times[index] : nil
        }
    }

    /// Whether a target not yet taken lies in `range`.
    public func hasTarget(in range: Range<Double>) -> Bool {
        guard let first = next, first < range.upperBound else { return false }
        switch source {
        case .every(let interval):
            // The first grid time at or after the range's start, from the next target on.
            let steps = max(0, ((range.lowerBound - start) / interval).rounded(.up))
            let time = max(first, start + steps * interval)
            return time < range.upperBound && time <= end
        case .list(let times):
            var low = index, high = times.count
            while low < high {
                let middle = (low + high) / 2
                if times[middle] < range.lowerBound { low = middle + 1 } else { high = middle }
            }
            return low < times.count && times[low] < range.upperBound
        }
    }

    /// Takes the next target.
    public mutating func advance() {
        index += 1
    }

    /// Takes every target up to and including `time`; returns how many.
    @discardableResult
    public mutating func advance(through time: Double) -> Int {
        var count = 0
        while let target = next, target <= time {
            advance()
            count += 1
        }
        return count
    }
}
