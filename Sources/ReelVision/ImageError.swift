import ReelCore

/// A failure reading or writing an image: the file and why.
public struct ImageError: LocatedError, Sendable {
    public var location: String?
    public var reason: String
    public var failure: FailureKind

    public init(_ reason: String, at location: String, failure: FailureKind = .badInput) {
        self.reason = reason
        self.location = location
        self.failure = failure
    }
}
