extension Record {
    /// Where a message about this event points: "goal event at 5 s" (its `t`, else its `start`).
    public var eventPlace: String {
        let kind = self["kind"]?.stringValue.map { "\($0) event" } ?? "event"
        guard let time = self["t"]?.doubleValue ?? self["start"]?.doubleValue, time.isFinite else { return kind }
        return "\(kind) at \(RecordTemplate.shortest(time)) s"
    }
}
