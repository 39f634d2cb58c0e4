extension EventRecord {
    /// How a match ended, as its end screen and the kill count told it.
    package struct MatchEnd: Sendable, Equatable {
        /// The stream time of the end.
        package var end: Double
        /// The player's own kills.
        package var kills: Int
        /// The placement the end screen showed, when read.
        package var placement: Int?
        package var died: Bool
        /// 0 to 1, as given (event-detect rounds it to hundredths).
        package var confidence: Double

        package init(end: Double, kills: Int, placement: Int?, died: Bool, confidence: Double) {
            self.end = end
            self.kills = kills
            self.placement = placement
            self.died = died
            self.confidence = confidence
        }
    }

    /// A `match` event: its `start` when known, how it ended when known (`end`, `kills`,
    /// `placement`, `died`, `confidence`), `partial` when either is unknown, and the window of
    /// its clip.
    package static func match(start: Double?, ending: MatchEnd?, clip: (start: Double, end: Double)?) -> EventRecord {
        var event = EventRecord(kind: .match)
        if let start { event.setTime(.start, start) }
        if let ending {
            event.setTime(.end, ending.end)
            event.set(.kills, JSONValue(ending.kills))
            if let placement = ending.placement { event.set(.placement, JSONValue(placement)) }
            event.set(.died, .bool(ending.died))
            event.set(.confidence, JSONValue(ending.confidence))
        }
        if start == nil || ending == nil {
            event.set(.partial, true)
        }
        if let clip { event.setClip(start: clip.start, end: clip.end) }
        return event
    }

    /// A `kill` event: the player's count grew to `value` at `t`.
    package static func kill(at t: Double, value: Int, clip: (start: Double, end: Double)) -> EventRecord {
        var event = EventRecord(kind: .kill)
        event.setTime(.t, t)
        event.set(.value, JSONValue(value))
        event.setClip(start: clip.start, end: clip.end)
        return event
    }
}
