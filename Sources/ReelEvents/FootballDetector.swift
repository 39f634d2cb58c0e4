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
/// - Every goal has its replay: when the score is first believed a few goals up (the score
///   between them misread), each goal is timed from its own replay, the latest ones in order.
///   A banner after a replay was last seen starts the next goal's (two goals 20 s apart).
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
    /// The replays since the score last changed, each with the last frame before it, the
    /// first and last frames reading it, and the banner seen before it (first and last).
    private var replays: [Replay] = []
    /// The latest banner, not yet followed by a replay.
    private var banner: (first: Double, last: Double)?

    struct Replay {
        var before: Double
        var first: Double
        var last: Double
        var banner: (first: Double, last: Double)?
    }
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
        if patterns.sees("banner", in: reading) {
            if let current = banner, t - current.last <= 10 {
                banner?.last = t
            } else {
                banner = (t, t)
            }
        }
        if patterns.sees("replay", in: reading) {
            // The same replay unless a banner came after it was last read (the next goal's).
            if let current = replays.last, t - current.last <= 20, !(banner.map { $0.first > current.last } ?? false) {
                replays[replays.count - 1].last = t
            } else {
                let before = banner.flatMap { $0.first < t && t - $0.last <= 10 ? $0 : nil }
                replays.append(Replay(before: recentTimes.last ?? t, first: t, last: t, banner: before))
                if replays.count > 8 { replays.removeFirst() }
                banner = nil
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
        let goals = home + away
        // The replays of these goals, the latest ones, in order (read within 30 s of each other
        // and of the new score); a goal without one is timed from the first goal's.
        var own: [Replay] = []
        var after = since
        for replay in replays.reversed() where own.count < goals && after - replay.last <= 30 {
            own.insert(replay, at: 0)
            after = replay.first
        }
        let timed = own.map { goalMoment(replay: $0, scoreSeen: since) }
        let first = timed.first ?? goalMoment(replay: nil, scoreSeen: since)
        replays = []
        banner = nil
        var events: [Record] = []
        var running = old
        for step in 0..<goals {
            let side: EventRecord.Team = step < home ? .home : .away
            if side == .home { running.home += 1 } else { running.away += 1 }
            // With a replay for every goal, each its own; else the first goal's moment, unsure.
            let (moment, confidence) = timed.count == goals ? timed[step] : step == 0 ? first : (first.0, 0.2)
            let clip = profile.clips["goal"] ?? Profile.ClipWindow(before: 20, after: 5)
            events.append(EventRecord.goal(at: moment, team: side, score: (running.home, running.away),
                                           clip: (moment - clip.before, moment + clip.after),
                                           confidence: goals > 1 && timed.count == goals ? min(confidence, 0.6) : confidence).record)
        }
        return events
    }

    /// G from a goal's replay (and the banner before it): the middle of what they allow; from
    /// the new score's first reading when no replay was seen.
    private func goalMoment(replay: Replay?, scoreSeen: Double) -> (Double, Double) {
        let minimum = profile.timing("replay_after_goal_min", default: 2)
        let maximum = profile.timing("replay_after_goal_max", default: 4)
        let afterBanner = profile.timing("replay_after_banner_goal", default: 4)
        let bannerFrom = profile.timing("banner_from", default: 1), bannerTo = profile.timing("banner_to", default: 4)
        guard let replay else {
            // No replay seen: the score shows after a replay of 6 to 15 s that starts 2 to 4 s after G.
            return (scoreSeen - (6 + 15) / 2 - (minimum + maximum) / 2, 0.4)
        }
        // The replay started after `before` and at or before `first`.
        let low = replay.before - maximum, high = replay.first - minimum
        if let banner = replay.banner {
            // A banner shows from `banner_from` to `banner_to` s after G: G lies between its last
            // sighting less the latter (when the sightings span no more than it shows) and its
            // first less the former; the replay starts a fixed time after G.
            let shown = banner.last - banner.first <= bannerTo - bannerFrom
            let bannerLow = (shown ? banner.last : banner.first) - bannerTo, bannerHigh = banner.first - bannerFrom
            let bothLow = max(low, replay.before - afterBanner, bannerLow)
            let bothHigh = min(high, replay.first - afterBanner, bannerHigh)
            if bothHigh >= bothLow { return ((bothLow + bothHigh) / 2, 0.9) }
            // They disagree: REPLAY was read late (unread in its first frames); the banner, read
            // where it shows, places G alone.
            if bannerHigh >= bannerLow { return ((bannerLow + bannerHigh) / 2, 0.7) }
        }
        if high < low {
            return ((replay.before + replay.first) / 2 - (minimum + maximum) / 2, 0.6)
        }
        return ((low + high) / 2, 0.9)
    }

    private func periodEvent(_ label: String, start: Double, end: Double?) -> Record {
        EventRecord.period(at: start, label: label, end: end).record
    }

    public func finish() -> [Record] {
        guard let open = period else { return [] }
        return [periodEvent(open.label, start: open.start, end: nil)]
    }
}
