import ReelCore

/// A failure reading or writing an image: the file and why.
public struct ImageError: Error, Sendable, CustomStringConvertible {
    public var location: String
    public var reason: String
    public var status: ExitStatus

    public init(_ reason: String, at location: String, status: ExitStatus = .dataError) {
        self.reason = reason
        self.location = location
        self.status = status
    }

    public var description: String { "\(location): \(reason)" }

    /// The same problem as a `ToolError`.
    public var toolError: ToolError { ToolError(reason, at: location, status: status) }
}
