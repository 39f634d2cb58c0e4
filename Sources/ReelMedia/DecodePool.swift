import Foundation

/// One GOP (or one keyframe) to decode on a worker thread.
struct DecodeJob: @unchecked Sendable {
    let sequence: Int
    let config: CodecConfig
    let packets: [TimedPacket]
    let targets: [Double]
    let limit: Double
    let keyframeOnly: Bool
}

/// What a worker made of a job.
struct DecodeResult: @unchecked Sendable {
    let sequence: Int
    var picks: [Pick] = []
    var damage: [Damage] = []
    var error: MediaError?
}

/// Worker threads, each with its own single-threaded decoder, decoding jobs in any order;
/// results are taken back in sequence order.
final class DecodePool: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [DecodeJob] = []
    private var results: [Int: DecodeResult] = [:]
    private var closed = false
    private var running = 0

    /// Starts `workers` threads.
    init(workers: Int) {
        for _ in 0..<max(1, workers) {
            let thread = Thread { [self] in work() }
            thread.stackSize = 8 << 20
            thread.start()
            running += 1
        }
    }

    /// Queues a job.
    func submit(_ job: DecodeJob) {
        condition.withLock {
            queue.append(job)
            condition.signal()
        }
    }

    /// The result of job `sequence`, waiting for it when `wait`; nil if not ready (and not waiting).
    func result(_ sequence: Int, wait: Bool) -> DecodeResult? {
        condition.withLock {
            while wait && results[sequence] == nil {
                condition.wait()
            }
            return results.removeValue(forKey: sequence)
        }
    }

    /// Ends the workers once the queue is empty.
    func close() {
        condition.withLock {
            closed = true
            condition.broadcast()
        }
    }

    private func work() {
        var decoder: GOPDecoder?
        var identity: [UInt8] = []
        while true {
            let next: DecodeJob? = condition.withLock {
                while queue.isEmpty && !closed {
                    condition.wait()
                }
                return queue.isEmpty ? nil : queue.removeFirst()
            }
            guard let job = next else { return }
            var result = DecodeResult(sequence: job.sequence)
            do {
                if decoder == nil || identity != job.config.identity {
                    decoder = GOPDecoder(decoder: try VideoDecoder(config: job.config))
                    identity = job.config.identity
                }
                if let decoder {
                    if job.keyframeOnly, let first = job.packets.first {
                        result.picks = try decoder.keyframe(first).map { [$0] } ?? []
                    } else {
                        result.picks = try decoder.decode(job.packets, targets: job.targets, limit: job.limit)
                    }
                    result.damage = decoder.damage
                }
            } catch {
                result.error = error
                decoder = nil
            }
            condition.withLock {
                results[job.sequence] = result
                condition.broadcast()
            }
        }
    }
}
