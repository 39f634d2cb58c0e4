extension EventRecord {
    /// The side that scored a goal.
    package enum Team: String, Sendable {
        case home, away
    }

    /// A `goal` event: `team` scored at `t`, making the score [home, away]; how sure its
    /// moment is.
    package static func goal(at t: Double, team: Team, score: (home: Int, away: Int), clip: (start: Double, end: Double),
                              confidence: Double) -> EventRecord {
        var event = EventRecord(kind: .goal)
        event.setTime(.t, t)
        event.set(.team, .string(team.rawValue))
        event.set(.score, [JSONValue(score.home), JSONValue(score.away)])
        event.setClip(start: clip.start, end: clip.end)
        event.set(.confidence, JSONValue(confidence))
        return event
    }

    /// A `period` event: `label` (HT, FT) shown from `t` until `end`, when known.
    package static func period(at t: Double, label: String, end: Double?) -> EventRecord {
        var event = EventRecord(kind: .period)
        event.setTime(.t, t)
        event.set(.label, .string(label))
        if let end { event.setTime(.end, end) }
        return event
    }
}
