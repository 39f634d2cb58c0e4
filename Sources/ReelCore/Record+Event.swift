extension Record {
    /// Where a message about this event points: "goal event at 5 s" (`EventRecord.place`).
    public var eventPlace: String {
        EventRecord(unchecked: self).place
    }
}
