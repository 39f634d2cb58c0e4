import ReelCore

/// One GOP (or one keyframe) to decode on a worker thread.
///
/// Not `Sendable`: the sampler hands it to the pool `sending`, its packets (owned libav packets,
/// detached from the demuxer's or new references to the GOP's) made for it alone, and the
/// compiler checks that the sampler keeps none of them; the codec parameters are read only.
struct DecodeJob {
    let sequence: Int
    let config: CodecConfig
    let packets: [TimedPacket]
    /// The targets inside the GOP (a window of the sampler's).
    let targets: SampleTargets
    let limit: Double
    let keyframeOnly: Bool
}

/// What a worker made of a job.
///
/// Not `Sendable`: the worker hands it back `sending`, its pictures (owned libav frames) made
/// for it and checked by the compiler to share nothing with what the worker keeps.
struct DecodeResult {
    let sequence: Int
    var picks: [Pick] = []
    var damage: [Damage] = []
    var error: MediaError?
}

/// The worker side of frame-sample's decoding: each worker keeps one single-threaded decoder,
/// made again when a job's codec configuration differs from the last one's.
enum DecodeWorker {
    static func make() -> (sending DecodeJob) -> sending DecodeResult {
        var decoder: GOPDecoder?
        var identity: [UInt8] = []
        return { job in
            var result = DecodeResult(sequence: job.sequence)
            do {
                if decoder == nil || identity != job.config.identity {
                    decoder = GOPDecoder(decoder: try VideoDecoder(config: job.config))
                    identity = job.config.identity
                }
                if let decoder {
                    if job.keyframeOnly, let first = job.packets.first {
                        if let pick = try decoder.keyframe(first) {
                            result.picks = [pick]
                        }
                    } else {
                        result.picks = try decoder.decode(job.packets, targets: job.targets, limit: job.limit)
                    }
                    result.damage = decoder.damage
                }
            } catch let error as MediaError {
                result.error = error
                decoder = nil
            } catch {
                result.error = MediaError("\(error)", at: nil, failure: .failed)
                decoder = nil
            }
            return result
        }
    }
}
