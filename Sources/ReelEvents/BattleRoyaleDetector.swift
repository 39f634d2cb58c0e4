import ReelCore
import ReelProfile

/// Turns battle-royale frame readings into `match` and `kill` events.
///
/// - A match starts when legend select ends: halfway between the last frame showing it and the
///   first of the frames confirming it is gone. Legend select read again before the HUD's count
///   first shows means it was misread meanwhile: the match has not started. When the count first
///   shows a few frames (at most 12 s) after that start, the start lies just before it (the HUD
///   shows from the start; select was misread at its end). It ends when the end screen appears: halfway
///   between the last frame before it and the first showing it (confirmed by `confirm.texts`, or
///   read once, with no count after it, before the next legend select is confirmed). Its
///   placement is the end screen's most common reading, gathered until the screen is gone, the
///   next legend select shows or the match clip's end is reached; then the match leaves.
/// - The player's kill count only grows within a match: a higher value is believed once read in
///   `confirm.values` of the recent readings (a rise of more than `burst`: in all of them; and no
///   faster than the game allows: `burst` plus
///   `kills_per_second` since the last believed change); lower readings are misreadings.
/// - Once SPECTATING is confirmed the counts shown are someone else's. The player's count is the
///   one shown before it. The game shows the final count for `quiet` seconds before death, so a
///   change first read less than `quiet / 2` before the first sighting of SPECTATING (of the run
///   of sightings that confirmed it, misread ones between them) was a
///   spectated count read before the text was (a real kill is read at least `quiet` minus a
///   sampling interval before it), and is dropped. A kill event therefore leaves once `quiet / 2`
///   has passed without SPECTATING. (The earlier analyser's median of the last 20 readings fails
///   exactly here, when the player spectates long.)
/// - A match cut off by the start or the end of the input is emitted with `partial: true` and its
///   known bound only. One with neither bound that the input's start did not cut off (the HUD's
///   count read in a lobby after an end screen, or a match whose select and end were both
///   missed) is not emitted, nor are its kills.
public final class BattleRoyaleDetector: EventDetector {
    private let profile: Profile
    private let patterns: Patterns
    private let quiet: Double
    private let burst: Double
    private let rate: Double

    private enum Phase {
        case idle, select, match, endScreen
    }

    private struct Match {
        var start: Double?
        var died = false
        var deathSeen: Double?
        /// Believed changes of the player's count: (value, first read).
        var changes: [(value: Int, since: Double)] = []
        var kills: Votes<Int>
        var spectating: Sightings
        var placed: Sightings
        var placements: [Int] = []
        /// The first frame of the latest run of frames showing the end screen.
        var placedRun: Double?
        /// The first frame showing the end screen since the HUD's count was last read (the end
        /// screen hides the HUD), confirmed or not.
        var endSighted: Double?
        /// Believed changes not yet certain: (value, first read, event).
        var pending: [(value: Int, since: Double, event: Record)] = []
        var readings = 0
        /// Whether the HUD's count was read since the start (legend select shows none).
        var hudSeen = false
        /// Whether it was running when the input began (no legend select or end screen before).
        var cutOff = false

        var count: Int { changes.last?.value ?? 0 }
    }

    /// How long after legend select was last read the HUD may first show and still place the
    /// start (longer, it was the HUD that was missed).
    static let hudLateness = 12.0

    private var phase = Phase.idle
    /// Whether legend select or an end screen was seen yet (a match without either before it was
    /// cut off by the input's start).
    private var boundarySeen = false
    private var select: Sightings
    private var selectLast: Double?
    /// The first frame showing the HUD's count since legend select was last read.
    private var hudAfterSelect: Double?
    private var hud: Votes<Bool>
    private var match: Match?
    private var endPlaced: Sightings
    /// The end of the match whose end screen was confirmed, while more readings of the screen
    /// are gathered for its placement (the match is still in `match`).
    private var closingEnd: Double?
    private var previous: Double?
    private var first: Double?
    /// The times of the recent frames (to place starts and ends between two frames).
    private var recentTimes: [Double] = []

    public init(profile: Profile) {
        self.profile = profile
        patterns = Patterns(profile)
        quiet = profile.timing("quiet", default: 12)
        burst = profile.timing("burst", default: 3)
        rate = profile.timing("kills_per_second", default: 1)
        select = Sightings(profile.confirm.texts)
        hud = Votes(profile.confirm.texts)
        endPlaced = Sightings(profile.confirm.texts)
    }

    private func newMatch(start: Double?) -> Match {
        // A game that hides its counter at a value shows nothing at the start to place it by.
        Match(start: start, kills: Votes(profile.confirm.values), spectating: Sightings(profile.confirm.texts),
              placed: Sightings(profile.confirm.texts), hudSeen: profile.counter?.absent != nil)
    }

    public func observe(_ reading: FrameReading) -> [Record] {
        defer {
            previous = reading.time
            if phase == .select || phase == .endScreen { boundarySeen = true }
        }
        if first == nil { first = reading.time }
        let t = reading.time
        recentTimes.append(t)
        if recentTimes.count > 16 { recentTimes.removeFirst(recentTimes.count - 16) }
        let selecting = patterns.sees("select", in: reading)
        select.add(selecting, at: t)
        hud.add(reading.kills != nil, at: t)
        var events: [Record] = []
        switch phase {
        case .idle, .endScreen:
            if phase == .endScreen {
                endPlaced.add(patterns.sees("placed", in: reading), at: t)
                if let end = closingEnd {
                    // The placement is the end screen's most common reading over all the frames
                    // showing it, up to the match clip's end (the clip waits that long anyway):
                    // #16 read as # 6 in the first frame of three is outvoted.
                    if let digits = patterns.groups("placed", in: reading)?.first, let value = Int(digits) {
                        match?.placements.append(value)
                    }
                    if endPlaced.gone || selecting || t - end >= matchClip.after {
                        closingEnd = nil
                        events += closeMatch(end: end)
                    }
                }
                if endPlaced.gone { phase = .idle }
            }
            if selecting {
                phase = .select
                selectLast = t
                hudAfterSelect = nil
            } else if phase == .idle, hud.believed(where: { $0 }) != nil {
                // A match already running: at the start of the input, cut off; later, its legend
                // select was missed and its start is not known either.
                phase = .match
                match = newMatch(start: nil)
                match?.cutOff = !boundarySeen
                events += observeMatch(reading)
            }
        case .select:
            if selecting {
                selectLast = t
                hudAfterSelect = nil
            } else if select.confirmed == nil, let last = selectLast {
                // Gone for good: the match started between the last frame showing it and the next.
                let next = recentTimes.first { $0 > last } ?? t
                phase = .match
                match = newMatch(start: (last + next) / 2)
                if let shown = hudAfterSelect ?? (reading.kills != nil ? t : nil) {
                    match?.hudSeen = true
                    match?.start = startBeforeHUD(shown, start: (last + next) / 2)
                }
                events += observeMatch(reading)
            } else if hudAfterSelect == nil, reading.kills != nil {
                hudAfterSelect = t
            }
        case .match:
            if selecting, match?.start != nil, match?.hudSeen == false {
                // Legend select read again before the HUD showed: it had only been misread for a
                // few frames (a busy background), and the match has not started yet.
                match = nil
                phase = .select
                selectLast = t
                hudAfterSelect = nil
            } else if selecting, select.confirmed != nil {
                // A new legend select before the end screen was confirmed: the match ended where
                // the end screen was read once with no count after it (a short end screen
                // sampled twice, one of them misread), else the end was missed.
                let end = match?.endSighted.map { sighted in ((recentTimes.last { $0 < sighted } ?? sighted) + sighted) / 2 }
                events += closeMatch(end: end)
                phase = .select
                selectLast = t
                hudAfterSelect = nil
            } else {
                events += observeMatch(reading)
            }
        }
        return events
    }

    /// The HUD shows from a match's start: when it first shows (at `shown`) a few frames after
    /// the start legend select gave (select misread at its end on a busy background), the start
    /// lies just before it.
    private func startBeforeHUD(_ shown: Double, start: Double) -> Double {
        guard let before = recentTimes.last(where: { $0 < shown }), before > start, shown - start <= Self.hudLateness else {
            return start
        }
        return (before + shown) / 2
    }

    private func observeMatch(_ reading: FrameReading) -> [Record] {
        guard var match else { return [] }
        let t = reading.time
        var events: [Record] = []
        match.readings += 1
        if !match.hudSeen, reading.kills != nil {
            match.hudSeen = true
            match.start = match.start.map { startBeforeHUD(t, start: $0) }
        }
        // The end screen.
        let placed = patterns.groups("placed", in: reading)
        match.placed.add(placed != nil, at: t)
        if let digits = placed?.first, let value = Int(digits) {
            match.placements.append(value)
        }
        match.placedRun = placed == nil ? nil : (match.placedRun ?? t)
        if placed != nil {
            match.endSighted = match.endSighted ?? t
        } else if reading.kills != nil {
            match.endSighted = nil
        }
        if let since = match.placed.confirmed {
            let before = recentTimes.last { $0 < since } ?? since
            self.match = match
            closingEnd = (before + since) / 2
            phase = .endScreen
            endPlaced.clear()
            return events
        }
        // Death.
        match.spectating.add(patterns.sees("spectating", in: reading), at: t)
        if !match.died, let confirmed = match.spectating.confirmed {
            // From its first sighting, though misread between that and the confirming ones.
            let seen = min(confirmed, match.spectating.runStart ?? confirmed)
            match.died = true
            match.deathSeen = seen
            // Changes first read just before it were spectated counts: dropped.
            while let last = match.changes.last, last.since > seen - quiet / 2 {
                match.changes.removeLast()
            }
            match.pending.removeAll { $0.since > seen - quiet / 2 }
        }
        // The player's count (where the game hides it at a value, no icon is that value).
        if !match.died {
            let absent = reading.skull == false ? profile.counter?.absent : nil
            match.kills.add(reading.kills ?? absent, at: t)
            let current = match.count
            // No faster than the game allows; a match joined midway may already show any count.
            let lastChange = match.changes.last?.since ?? match.start
            // In Double, then saturated: any times and timings give a limit, never a trap.
            let limit = lastChange.map { Int(saturating: Double(current) + burst + rate * max(0, t - $0), rounding: .down) }
                ?? Int.max
            // More than a burst at once is seen only after stretches the HUD was not read (hidden,
            // or joined midway) and then holds: believed once the last `confirm.values.of` readings
            // all show it (a pair of misreadings, a 3 read 8 twice, is not enough).
            let jump = Int(saturating: Double(current) + burst, rounding: .down)
            let latest = match.kills.recent.suffix(match.kills.window)
            if let believed = match.kills.believed(where: { $0 > current && $0 <= limit }),
               believed.value <= jump || (latest.count == match.kills.window && latest.allSatisfy { $0.value == believed.value }) {
                match.changes.append((believed.value, believed.since))
                let clip = profile.clips["kill"] ?? Profile.ClipWindow(before: 10, after: 4)
                let kill = EventRecord.kill(at: believed.since, value: believed.value,
                                            clip: (believed.since - clip.before, believed.since + clip.after))
                match.pending.append((believed.value, believed.since, kill.record))
            }
        }
        // Kills leave once no SPECTATING can take them back (none is being sighted, not yet
        // confirmed).
        while match.spectating.runStart == nil || match.died, let oldest = match.pending.first, t - oldest.since >= quiet / 2 {
            events.append(oldest.event)
            match.pending.removeFirst()
        }
        self.match = match
        return events
    }

    /// Emits the current match with `end` (nil: cut off by the input or missed), after the
    /// kills still held.
    private func closeMatch(end: Double?) -> [Record] {
        guard let match else { return [] }
        self.match = nil
        let kills = match.pending.map(\.event)
        // Neither bound, and not cut off by the input's start: the HUD's count read where there
        // was no match (a lobby's scene after an end screen); nothing in it is the player's.
        guard match.start != nil || end != nil || match.cutOff else { return [] }
        var ending: EventRecord.MatchEnd?
        if let end {
            let placement = mostCommon(match.placements)
            // Confidence: how alike the end screen's readings were, how steady the final count.
            let agreement = placement.map { value in
                Double(match.placements.filter { $0 == value }.count) / Double(max(1, match.placements.count))
            } ?? 0
            let steady = match.kills.recent.isEmpty ? 1.0
                : Double(match.kills.tally(match.count)) / Double(max(1, match.kills.recent.filter { $0.value != nil }.count))
            ending = EventRecord.MatchEnd(end: end, kills: match.count, placement: placement, died: match.died,
                                          confidence: (min(agreement, match.died ? 1 : steady) * 100).rounded() / 100)
        }
        var window: (start: Double, end: Double)?
        if let start = match.start, let end {
            window = (start - matchClip.before, end + matchClip.after)
        }
        return kills + [EventRecord.match(start: match.start, ending: ending, clip: window).record]
    }

    /// The clip window of a match.
    private var matchClip: Profile.ClipWindow { profile.clips["match"] ?? Profile.ClipWindow(before: 5, after: 8) }

    private func mostCommon(_ values: [Int]) -> Int? {
        Dictionary(grouping: values, by: { $0 }).max { a, b in
            a.value.count < b.value.count || (a.value.count == b.value.count && a.key > b.key)
        }?.key
    }

    public func finish() -> [Record] {
        if let end = closingEnd {
            closingEnd = nil
            return closeMatch(end: end)
        }
        guard phase == .match, let match else { return [] }
        // An end screen seen but not yet confirmed when the input ended counts.
        if let run = match.placedRun {
            let before = recentTimes.last { $0 < run } ?? run
            return closeMatch(end: (before + run) / 2)
        }
        return closeMatch(end: nil)
    }
}

/// Reads frame readings and emits event records as soon as they are certain.
public protocol EventDetector: AnyObject {
    /// The events this frame makes certain.
    func observe(_ reading: FrameReading) -> [Record]
    /// The events still open at the end of input.
    func finish() -> [Record]
}
