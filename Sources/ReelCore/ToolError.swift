/// A problem a tool reports: where it happened, what went wrong, and what kind of failure it is.
///
/// Printed as `tool: where: what` (or `tool: what` without a place).
public struct ToolError: LocatedError, Sendable {
    /// The place: a file, `FILE:LINE`, a URL, a record's time; nil when the tool as a whole failed.
    public var location: String?
    /// What went wrong, in words for the user.
    public var reason: String
    /// What kind of failure this problem is.
    public var failure: FailureKind

    public init(_ reason: String, at location: String? = nil, failure: FailureKind = .failed) {
        self.reason = reason
        self.location = location
        self.failure = failure
    }
}

/// Thrown when the reader of stdout has gone away (EPIPE): the tool stops quietly.
public struct OutputClosed: Error, Sendable {
    public init() {}
}
