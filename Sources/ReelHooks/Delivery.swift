import ReelCore

/// One record to one hook, as kept in the spool until done.
public struct Delivery: Sendable, Equatable {
    /// The idempotency key: the same for the same record and hook, across retries and runs.
    public var key: String
    public var hook: String
    public var record: Record
    /// Attempts so far (in this run).
    public var attempts = 0
    /// When the next attempt is due (monotonic seconds).
    public var dueAt = 0.0

    public init(record: Record, hook: String) {
        self.record = record
        self.hook = hook
        key = String(SHA256.hex(Array(hook.utf8) + [0x0A] + record.object.serialized()).prefix(32))
    }

    init(key: String, hook: String, record: Record) {
        self.key = key
        self.hook = hook
        self.record = record
    }

    /// What the record is about, for `post` records: its path, else its id, else its type.
    public var subject: String {
        record["path"]?.stringValue ?? record["id"]?.stringValue ?? record.type ?? "record"
    }

    /// The spool's form: `{"key":...,"hook":...,"record":{...}}`.
    var spooled: JSONObject {
        ["key": .string(key), "hook": .string(hook), "record": .object(record.object)]
    }

    init?(spooled object: JSONObject) {
        guard let key = object["key"]?.stringValue, let hook = object["hook"]?.stringValue,
              let record = object["record"]?.objectValue else { return nil }
        self.init(key: key, hook: hook, record: Record(record))
    }
}
