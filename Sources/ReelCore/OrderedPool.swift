import Foundation

/// Jobs done on worker threads, each worker with its own state (an OCR engine, a decoder),
/// results taken back in the order the jobs were submitted.
///
/// ```swift
/// let pool = OrderedPool<Record, Record>(workers: 2) {
///     let engine = try! OCREngine()            // one per worker
///     return { record in read(record, with: engine) }
/// }
/// ```
/// Jobs and outputs cross threads, so they must be `Sendable`; the pool's own state is guarded
/// by its condition's lock (a condition variable, which `Mutex` does not offer).
///
/// The submitting thread bounds how far it runs ahead with `inFlight` and takes results with
/// `next(wait:)`; memory stays bounded by the jobs in flight.
public final class OrderedPool<Job: Sendable, Output: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    /// Each worker's jobs: job k goes to worker k modulo their number, so that what a worker
    /// sees (and keeps between jobs) is the same run after run.
    private var queues: [[(sequence: Int, job: Job)]]
    private var results: [Int: Output] = [:]
    private var submitted = 0
    private var taken = 0
    private var closed = false

    /// Starts `workers` threads; each calls `makeWorker` once, on its own thread, and then the
    /// function it returns for every job it takes.
    public init(workers: Int, stackSize: Int = 8 << 20, makeWorker: @escaping @Sendable () -> (Job) -> Output) {
        queues = Array(repeating: [], count: max(1, workers))
        for index in 0..<max(1, workers) {
            let thread = Thread { [self] in
                let work = makeWorker()
                run(work, worker: index)
            }
            thread.stackSize = stackSize
            thread.start()
        }
    }

    deinit {
        close()
    }

    /// Jobs submitted and not yet taken back.
    public var inFlight: Int {
        condition.withLock { submitted - taken }
    }

    /// Queues a job.
    public func submit(_ job: Job) {
        condition.withLock {
            queues[submitted % queues.count].append((submitted, job))
            submitted += 1
            condition.broadcast()
        }
    }

    /// The output of the oldest job not yet taken: waiting for it when `wait`, else nil while
    /// it is not done. Nil when nothing is in flight.
    public func next(wait: Bool) -> Output? {
        condition.withLock {
            guard taken < submitted else { return nil }
            while wait && results[taken] == nil {
                condition.wait()
            }
            guard let output = results.removeValue(forKey: taken) else { return nil }
            taken += 1
            return output
        }
    }

    /// Lets the workers end once the queue is empty.
    public func close() {
        condition.withLock {
            closed = true
            condition.broadcast()
        }
    }

    private func run(_ work: (Job) -> Output, worker: Int) {
        while true {
            let next: (sequence: Int, job: Job)? = condition.withLock {
                while queues[worker].isEmpty && !closed {
                    condition.wait()
                }
                return queues[worker].isEmpty ? nil : queues[worker].removeFirst()
            }
            guard let next else { return }
            let output = work(next.job)
            condition.withLock {
                results[next.sequence] = output
                condition.broadcast()
            }
        }
    }
}
