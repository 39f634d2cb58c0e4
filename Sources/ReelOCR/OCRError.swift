import ReelCore

/// A Tesseract failure: what and why, with the exit status it implies.
public struct OCRError: LocatedError, Sendable {
    public var reason: String
    public var status: ExitStatus
    /// Tesseract problems concern the tool as a whole, not a place.
    public var location: String? { nil }

    public init(_ reason: String, status: ExitStatus) {
        self.reason = reason
        self.status = status
    }
}
