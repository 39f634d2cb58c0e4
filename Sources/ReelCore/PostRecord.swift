/// A `post` record: how one delivery of one record to one hook ended (hook-post writes it and
/// keeps it in its spool). reel-records(5), POST.
public struct PostRecord: RecordView, Equatable {
    /// The fields, in the order hook-post writes them.
    public enum Field: String, CaseIterable, Sendable {
        case hook, status, attempts, http, url, id, key
        case `for`
        case reason
    }

    /// How the delivery ended.
    public enum Status: String, CaseIterable, Sendable {
        case delivered
        /// Delivered as a link: the file was over the hook's limit (or missing).
        case linkOnly = "link-only"
        case failed
    }

    public static let type = "post"
    public private(set) var record: Record

    public init(unchecked record: Record) {
        self.record = record
    }

    /// A new post record; nil values are left out (`attempts` and `http` only for a delivery
    /// done in an earlier run whose record was lost).
    package init(hook: String, status: Status, attempts: Int?, http: Int?, url: String? = nil, id: String? = nil,
                 key: String, for subject: String, reason: String?) {
        var record = Record(type: Self.type)
        record[Field.hook] = .string(hook)
        record[Field.status] = .string(status.rawValue)
        if let attempts { record[Field.attempts] = JSONValue(attempts) }
        if let http { record[Field.http] = JSONValue(http) }
        if let url { record[Field.url] = .string(url) }
        if let id { record[Field.id] = .string(id) }
        record[Field.key] = .string(key)
        record[Field.for] = .string(subject)
        if let reason { record[Field.reason] = .string(reason) }
        self.record = record
    }

    /// How the delivery ended, nil when `status` is none of the three.
    public var status: Status? { record[Field.status]?.stringValue.flatMap(Status.init(rawValue:)) }
}
