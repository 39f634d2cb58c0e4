import CNats
import ReelCore

/// A failed call, with whether trying again may work.
public struct BusCallError: Error, Sendable {
    let status: natsStatus
    /// The error to report.
    public let error: ToolError

    /// A server away, a leader being elected, a timeout: trying again may work.
    public var isTransient: Bool { BusError.isTransient(status) }
}
