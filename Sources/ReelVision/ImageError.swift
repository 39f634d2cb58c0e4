import ReelCore

/// A failure reading or writing an image: the file and why.
public struct ImageError: LocatedError, Sendable {
    public var location: String?
    public var reason: String
    public var status: ExitStatus

    public init(_ reason: String, at location: String, status: ExitStatus = .dataError) {
        self.reason = reason
        self.location = location
        self.status = status
    }
}
