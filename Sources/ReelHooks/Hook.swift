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
        /// Streamable's upload API (and those like it): the file as multipart `file` with a
        /// `title`, HTTP Basic credentials, an answer `{"shortcode": ...}` whose hosted URL is
        /// `site` followed by the shortcode.
        case streamable
    }

    /// Streamable's upload endpoint, and where its videos are watched.
    public static let streamableAPI = "https://api.streamable.com/upload"
    public static let streamableSite = "https://streamable.com/"

    public var name: String
    public var kind: Kind
    public var url: String
    /// Message text from record fields (discord, upload's title).
    public var template: RecordTemplate
    /// The largest file sent, in bytes.
    public var maximumFileSize: Int
    /// The answer's field with the hosted URL (upload; dotted path).
    public var urlField: String
    /// `USER:PASSWORD` sent as HTTP Basic credentials (streamable; a secret like the URL).
    public var credentials: String?
    /// Where an uploaded video is watched: the answer's shortcode is appended (streamable).
    public var site: String

    public init(name: String, kind: Kind, url: String, template: RecordTemplate,
                maximumFileSize: Int = 10 << 20, urlField: String = "url", credentials: String? = nil,
                site: String = Hook.streamableSite) {
        self.name = name
        self.kind = kind
        self.url = url
        self.template = template
        self.maximumFileSize = maximumFileSize
        self.urlField = urlField
        self.credentials = credentials
        self.site = site
    }
}
