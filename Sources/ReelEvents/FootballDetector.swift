import ReelCore
import ReelProfile

/// Turns football frame readings into `goal` and `period` events.
///
/// - A goal is a believed score change, one side up by one (read alike in `confirm.values` of the
///   recent readings); it is emitted then, after the replay, when the scoreboard returns.
/// - Its moment G comes before: the replay starts between `replay_after_goal_min` and `_max`
///   seconds after G (exactly `replay_after_banner_goal` after a GOAL banner), and the banner shows
///   from `banner_from` to `banner_to` seconds after G. The replay's start lies between the last
///   frame before REPLAY was read and the first frame reading it; G is the middle of what these
///   bounds allow. Without a replay seen, G is estimated from the new score's first reading.
/// - A score that goes down starts a new match (no event); one that jumps by more than one goal
///   gives a goal per step, the ones missed with low confidence; one that jumps by more than
///   `largestJump` goals at once is a misreading (`0-90` for `0-0`), and the score stays.
/// - HT and FT in the clock's place are `period` events, emitted when they end.
public final class FootballDetector: EventDetector {
    private let profile: Profile
    private let patterns: Patterns
    private var scores: Votes<Score>
    private var score: Score?
    private var recentTimes: [Double] = []
    /// The latest replay: the last frame before it and the first reading it.
    private var replay: (before: Double, first: Double, last: Double)?
    private var banner: (first: Double, last: Double)?
    private var periods: Votes<String>
    private var period: (label: String, start: Double)?
    /// When the open period's label was last read.
    private var periodLastSeen: Double?
    private var lastSeen: Double?

    struct Score: Hashable {
        var home: Int
        var away: Int
    }

    public init(profile: Profile) {
        self.profile = profile
        patterns = Patterns(profile)
        scores = Votes(profile.confirm.values)
        periods = Votes(profile.confirm.texts)
    }

    public func observe(_ reading: FrameReading) -> [Record] {
        let t = reading.time
        defer {
            recentTimes.append(t)
            if recentTimes.count > 16 { recentTimes.removeFirst(recentTimes.count - 16) }
            lastSeen = t
        }
        var events: [Record] = []
        if patterns.sees("replay", in: reading) {
            if let current = replay, t - current.last <= 20 {
                replay?.last = t
            } else {
                replay = (recentTimes.last ?? t, t, t)
            }
        }
        if patterns.sees("banner", in: reading) {
            if let current = banner, t - current.last <= 10 {
                banner?.last = t
            } else {
                banner = (t, t)
            }
        }
        // Periods: HT or FT where the clock was.
        // The text read where the clock was, named by the profile's periods (HT, FT).
        let label = patterns.groups("period", in: reading)?.first.flatMap { profile.period(named: $0) }
            .map { $0 == "half" ? "HT" : "FT" }
        periods.add(label ?? "", at: t)
        if let open = period, label == open.label {
            periodLastSeen = t
        }
        let believedLabel = periods.believed()?.value
        if let open = period, believedLabel != open.label {
            // It ended at the first frame after it was last read.
            let end = periodLastSeen.flatMap { last in (recentTimes + [t]).first { $0 > last } } ?? t
            events.append(periodEvent(open.label, start: open.start, end: end))
            period = nil
            periodLastSeen = nil
        }
        if period == nil, let believed = periods.believed(where: { !$0.isEmpty }) {
            period = (believed.value, believed.since)
        }
        // Scores.
        let groups = patterns.groups("score", in: reading)
        let read = groups.flatMap { $0.count == 2 ? Score(home: Int($0[0]) ?? -1, away: Int($0[1]) ?? -1) : nil }
        scores.add(read, at: t)
        if let believed = scores.believed(where: { $0 != self.score }) {
            events += change(to: believed.value, since: believed.since)
        }
        return events
    }

    /// The most goals one change of the score can hold: more is a misread score.
    static let largestJump = 3

    private func change(to new: Score, since: Double) -> [Record] {
        guard let old = score else {
            score = new
            return []
        }
        let home = new.home - old.home, away = new.away - old.away
        guard home >= 0, away >= 0, home + away > 0 else {
            score = new
            return []  // lower: another match (or its first reading)
        }
        guard home + away <= Self.largestJump else { return [] }
        score = new
        let (moment, confidence) = goalMoment(scoreSeen: since)
        replay = nil
        banner = nil
        var events: [Record] = []
        var running = old
        for step in 0..<(home + away) {
            let side = step < home ? "home" : "away"
            if side == "home" { running.home += 1 } else { running.away += 1 }
            let clip = profile.clips["goal"] ?? Profile.ClipWindow(before: 20, after: 5)
            events.append(EventRecord.make("goal", [
                "t": EventRecord.time(moment), "team": .string(side),
                "score": [JSONValue(running.home), JSONValue(running.away)],
                "clip": EventRecord.clip(moment - clip.before, moment + clip.after),
                "confidence": JSONValue(step == 0 ? confidence : 0.2),
            ]))
        }
        return events
    }

    /// G from the latest replay (and banner) before the new score: the middle of what they allow.
    private func goalMoment(scoreSeen: Double) -> (Double, Double) {
        let minimum = profile.timing("replay_after_goal_min", default: 2)
        let maximum = profile.timing("replay_after_goal_max", default: 4)
        let afterBanner = profile.timing("replay_after_banner_goal", default: 4)
        let bannerFrom = profile.timing("banner_from", default: 1), bannerTo = profile.timing("banner_to", default: 4)
        guard let replay, scoreSeen - replay.last <= 30 else {
            // No replay seen: the score shows after a replay of 6 to 15 s that starts 2 to 4 s after G.
            return (scoreSeen - (6 + 15) / 2 - (minimum + maximum) / 2, 0.4)
        }
        // The replay started after `before` and at or before `first`.
        var low = replay.before - maximum, high = replay.first - minimum
        if let banner, banner.first < replay.first {
            // A banner: the replay starts a fixed time after G, and the banner shows from 1 to 4 s.
            low = max(low, replay.before - afterBanner, banner.first - bannerTo)
            high = min(high, replay.first - afterBanner, banner.first - bannerFrom)
        }
        if high < low {
            return ((replay.before + replay.first) / 2 - (minimum + maximum) / 2, 0.6)
        }
        return ((low + high) / 2, 0.9)
    }

    private func periodEvent(_ label: String, start: Double, end: Double?) -> Record {
        var fields: JSONObject = ["t": EventRecord.time(start), "label": .string(label)]
        if let end { fields["end"] = EventRecord.time(end) }
        return EventRecord.make("period", fields)
    }

    public func finish() -> [Record] {
        guard let open = period else { return [] }
        return [periodEvent(open.label, start: open.start, end: nil)]
    }
}
