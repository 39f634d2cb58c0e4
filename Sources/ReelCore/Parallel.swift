import Foundation

/// Runs independent pieces of work on several threads.
public enum Parallel {
    /// Calls `body(index)` for every index in `0..<count`, spread over `threads` threads, and
    /// returns when all are done. The pieces must not touch each other's data: that is the
    /// caller's promise, which lets `body` capture what Swift cannot prove sendable.
    public static func forEach(_ count: Int, threads: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            let work = UncheckedWork(body: body)
            let threads = max(1, min(threads, count))
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                for index in stride(from: thread, to: count, by: threads) {
                    work.body(index)
                }
            }
        }
    }
}

/// `body` made `Sendable` on the caller's word. The one unchecked conformance left in ReelCore:
/// `concurrentPerform` calls its closure on several threads at once, so it must be `@Sendable`,
/// and a `sending` closure would not do (it may run on one thread only). A `@Sendable` body
/// would push the promise into the callers instead (CNNTrainer's chunks write their own slots
/// of shared buffers, and use networks that are not `Sendable`): the promise that the pieces
/// touch disjoint data is kept here, in one place.
private struct UncheckedWork: @unchecked Sendable {
    let body: (Int) -> Void
}
