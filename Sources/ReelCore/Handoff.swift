import Synchronization

/// One value handed from one thread to another, checked by the compiler: it goes in `sending`
/// (the giver keeps no reference into it) and comes out `sending`, once.
///
/// This lets a container shared between threads (`OrderedPool`'s queues behind their `Mutex`)
/// hold values that are not `Sendable`: the container holds the handoff, which is, and each
/// value stays in a region of its own until taken.
public final class Handoff<Value>: Sendable {
    private let slot: Mutex<Value?>

    public init(_ value: consuming sending Value) {
        slot = Mutex(Optional(value))
    }

    /// The value, or nil when it has been taken already.
    public func take() -> sending Value? {
        slot.withLock { $0.take() }
    }
}
