/// An error that says where and why, and what kind of failure it is: the shape of every
/// domain error in reel (media, images, OCR, network), printed as `where: why`.
public protocol LocatedError: Error, CustomStringConvertible {
    /// The place: a file, a file and time, a URL; nil when there is none.
    var location: String? { get }
    /// What went wrong, in words for the user.
    var reason: String { get }
    /// What kind of failure it is (the command line turns it into an exit status).
    var failure: FailureKind { get }
}

extension LocatedError {
    public var description: String {
        location.map { "\($0): \(reason)" } ?? reason
    }

    /// The same problem as a `ToolError`, for a tool's diagnostics.
    public var toolError: ToolError {
        ToolError(reason, at: location, failure: failure)
    }
}
