import ReelCore

/// The stream times frames are wanted at, in increasing order: a regular grid (`--every`) or
/// a list (`--at`), bounded by `--start`/`--end`.
///
/// Moving past targets costs the same whatever the span of time skipped (a grid position is
/// computed, a list is searched), so a stream time that jumps (a damaged timestamp, a segment
/// said to start at 1e17 s) never makes the sampler walk the targets in between one by one.
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
    /// No target at or after this time (a window of the targets, `window(below:)`).
    private var below = Double.infinity
    private var index = 0
    /// The grid has run past what an index can count.
    private var exhausted = false

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
        guard !exhausted else { return nil }
        let time: Double
        switch source {
        case .every(let interval):
            time = start + Double(index) * interval
            guard time <= end else { return nil }
        case .list(let times):
            guard index < times.count else { return nil }
            time = times[index]
        }
        return time < below ? time : nil
    }

    /// Whether a target not yet taken lies in `range`.
    public func hasTarget(in range: Range<Double>) -> Bool {
        guard let first = next, first < range.upperBound else { return false }
        switch source {
        case .every(let interval):
            // The first grid time at or after the range's start, from the next target on.
            let steps = max(0, ((range.lowerBound - start) / interval).rounded(.up))
            let time = max(first, start + steps * interval)
            return time < range.upperBound && time <= end && time < below
        case .list(let times):
            let low = Self.firstIndex(in: times, from: index) { $0 >= range.lowerBound }
            return low < times.count && times[low] < range.upperBound && times[low] < below
        }
    }

    /// Takes the next target.
    public mutating func advance() {
        guard let next = index.adding(checked: 1) else {
            exhausted = true
            return
        }
        index = next
    }

    /// Takes every target before `time`, in one step whatever their number.
    public mutating func skip(below time: Double) {
        skip(past: time, inclusive: false)
    }

    /// Takes every target up to and including `time`, in one step whatever their number.
    public mutating func skip(through time: Double) {
        skip(past: time, inclusive: true)
    }

    /// The targets not yet taken that lie before `limit`, as targets of their own (the window
    /// a GOP decodes for); this cursor is unchanged.
    public func window(below limit: Double) -> SampleTargets {
        var window = self
        window.below = min(below, limit)
        return window
    }

    /// Advances to the first target after `time` (or at it, unless `inclusive`).
    private mutating func skip(past time: Double, inclusive: Bool) {
        func taken(_ target: Double) -> Bool { inclusive ? target <= time : target < time }
        guard let first = next, taken(first) else { return }
        switch source {
        case .every(let interval):
            // The grid position computed, then corrected for rounding by a step or two.
            let estimate = ((time - start) / interval).rounded(.up)
            guard let computed = Int(checking: estimate) else {
                exhausted = estimate > 0 || estimate.isNaN
                return
            }
            var candidate = max(index, computed)
            func grid(_ position: Int) -> Double { start + Double(position) * interval }
            for _ in 0..<16 where candidate > index && !taken(grid(candidate - 1)) {
                candidate -= 1
            }
            var steps = 0
            while taken(grid(candidate)) {
                steps += 1
                guard steps <= 16, let following = candidate.adding(checked: 1) else {
                    // Times so large that neighbouring grid positions round alike: no more targets.
                    exhausted = true
                    return
                }
                candidate = following
            }
            index = candidate
        case .list(let times):
            index = Self.firstIndex(in: times, from: index) { !taken($0) }
        }
    }

    /// The first index at or after `from` whose time satisfies `isAfter` (which holds for a
    /// suffix of the sorted times).
    private static func firstIndex(in times: [Double], from: Int, where isAfter: (Double) -> Bool) -> Int {
        var low = from, high = times.count
        while low < high {
            let middle = low + (high - low) / 2
            if isAfter(times[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
