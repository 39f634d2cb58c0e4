import ReelCore

/// A Tesseract failure: what and why, and what kind of failure it is.
public struct OCRError: LocatedError, Sendable {
    public var reason: String
    public var failure: FailureKind
    /// Tesseract problems concern the tool as a whole, not a place.
    public var location: String? { nil }

    public init(_ reason: String, failure: FailureKind) {
        self.reason = reason
        self.failure = failure
    }
}
