import ReelCore

/// A failed transfer: the URL (redacted: no query, no credentials) and why.
public struct NetError: LocatedError, Sendable {
    /// Kinds of failures, for retry decisions.
    public enum Kind: Sendable, Equatable {
        /// The URL's scheme, or a redirect's, is not allowed.
        case refused
        /// Connecting or receiving took too long (including a stalled transfer).
        case timeout
        /// The body exceeded the size limit.
        case tooLarge
        /// Connection problems: refused, reset, DNS, TLS, truncated bodies.
        case transport
        /// The server answered with an error status that another try will not change.
        case status
    }

    /// The URL with its query and credentials removed.
    public var url: String
    public var reason: String
    public var kind: Kind

    public init(_ reason: String, url: String, kind: Kind) {
        self.reason = reason
        self.url = URLRedaction.redact(url)
        self.kind = kind
    }

    /// Whether trying again may help (timeouts and transport errors).
    public var isTransient: Bool { kind == .timeout || kind == .transport }

    public var location: String? { url }

    /// Unavailable, or bad input for a refused or oversized answer.
    public var failure: FailureKind { kind == .refused || kind == .tooLarge ? .badInput : .unavailable }
}
