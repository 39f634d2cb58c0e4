import ReelCore

/// A Tesseract failure: what and why, with the exit status it implies.
public struct OCRError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var status: ExitStatus

    public init(_ reason: String, status: ExitStatus) {
        self.reason = reason
        self.status = status
    }

    public var description: String { reason }

    /// The same problem as a `ToolError`.
    public var toolError: ToolError { ToolError(reason, status: status) }
}
