import ReelCore

/// Where deliveries go: a named endpoint of one kind. Its URL is a secret (webhook tokens live
/// in paths): messages and records name the hook, never the URL.
public struct Hook: Sendable, Equatable {
    /// How a record is delivered.
    public enum Kind: String, Sendable, CaseIterable {
        /// POST the record as JSON.
        case webhook
        /// A Discord webhook: a message from the template, the clip attached (link-only when over the limit).
        case discord
        /// A multipart file upload to an API that answers JSON with the hosted URL.
        case upload
    }

    public var name: String
    public var kind: Kind
    public var url: String
    /// Message text from record fields (discord, upload's title).
    public var template: RecordTemplate
    /// The largest file sent, in bytes.
    public var maximumFileSize: Int
    /// The answer's field with the hosted URL (upload; dotted path).
    public var urlField: String

    public init(name: String, kind: Kind, url: String, template: RecordTemplate,
                maximumFileSize: Int = 10 << 20, urlField: String = "url") {
        self.name = name
        self.kind = kind
        self.url = url
        self.template = template
        self.maximumFileSize = maximumFileSize
        self.urlField = urlField
    }
}
