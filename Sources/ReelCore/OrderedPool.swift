import Foundation
import Synchronization

/// Jobs done on worker threads, each worker with its own state (an OCR engine, a decoder),
/// results taken back in the order the jobs were submitted.
///
/// ```swift
/// let pool = OrderedPool<Record, Record>(workers: 2) {
///     let engine = try! OCREngine()            // one per worker
///     return { record in read(record, with: engine) }
/// }
/// ```
/// Jobs and outputs cross threads, so each is handed over `sending`: the submitting thread
/// gives up a job it keeps no reference into, a worker gives up the output it made, and the
/// compiler checks both; they need not be `Sendable` (owned libav packets and frames). The
/// pool's state is behind a `Mutex`, holding each job and output in a `Handoff` until taken,
/// and semaphores wake the threads that wait (a worker for its jobs, the submitting thread for
/// the next result): each signal stands for one job queued or one result ready.
///
/// The submitting thread bounds how far it runs ahead with `inFlight` and takes results with
/// `next(wait:)`; memory stays bounded by the jobs in flight.
public final class OrderedPool<Job, Output>: Sendable {
    private struct State {
        /// Each worker's jobs: job k goes to worker k modulo their number, so that what a
        /// worker sees (and keeps between jobs) is the same run after run.
        var queues: [[(sequence: Int, job: Handoff<Job>)]]
        var results: [Int: Handoff<Output>] = [:]
        var submitted = 0
        var taken = 0
        var closed = false
    }

    /// What `next(wait:)` finds: the output, nothing to wait for, or a job still at work.
    private enum Step {
        case output(Handoff<Output>)
        case nothing
        case wait
    }

    private let state: Mutex<State>
    /// One per worker: signalled once per job queued for it, and once when the pool closes.
    private let jobsQueued: [DispatchSemaphore]
    /// Signalled once per result a worker finishes.
    private let resultReady = DispatchSemaphore(value: 0)

    /// Starts `workers` threads; each calls `makeWorker` once, on its own thread, and then the
    /// function it returns for every job it takes (the job is the worker's to keep or free; the
    /// output it returns must share nothing with what it keeps).
    public init(workers: Int, stackSize: Int = 8 << 20,
                makeWorker: @escaping @Sendable () -> (sending Job) -> sending Output) {
        let count = max(1, workers)
        state = Mutex(State(queues: Array(repeating: [], count: count)))
        jobsQueued = (0..<count).map { _ in DispatchSemaphore(value: 0) }
        for index in 0..<count {
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
        state.withLock { $0.submitted - $0.taken }
    }

    /// Queues a job, which the caller hands over.
    public func submit(_ job: sending Job) {
        let job = Handoff(job)
        let worker = state.withLock { state -> Int in
            let worker = state.submitted % state.queues.count
            state.queues[worker].append((state.submitted, job))
            state.submitted += 1
            return worker
        }
        jobsQueued[worker].signal()
    }

    /// The output of the oldest job not yet taken: waiting for it when `wait`, else nil while
    /// it is not done. Nil when nothing is in flight.
    public func next(wait: Bool) -> sending Output? {
        while true {
            let step = state.withLock { state -> Step in
                guard state.taken < state.submitted else { return .nothing }
                guard let output = state.results.removeValue(forKey: state.taken) else { return wait ? .wait : .nothing }
                state.taken += 1
                return .output(output)
            }
            switch step {
            case .output(let output): return output.take()
            case .nothing: return nil
            case .wait: resultReady.wait()
            }
        }
    }

    /// Lets the workers end once their queues are empty.
    public func close() {
        let wasClosed = state.withLock { state -> Bool in
            defer { state.closed = true }
            return state.closed
        }
        guard !wasClosed else { return }
        jobsQueued.forEach { $0.signal() }
    }

    private func run(_ work: (sending Job) -> sending Output, worker: Int) {
        while true {
            jobsQueued[worker].wait()
            let next = state.withLock { state -> (sequence: Int, job: Handoff<Job>)? in
                state.queues[worker].isEmpty ? nil : state.queues[worker].removeFirst()
            }
            // Woken with nothing queued: the pool closed (its one signal), and every job queued
            // before it has been taken (each job's signal came first).
            guard let next, let job = next.job.take() else { return }  // (each job is taken once)
            let output = Handoff(work(job))
            state.withLock { $0.results[next.sequence] = output }
            resultReady.signal()
        }
    }
}
