import CFFmpeg
import Foundation
import ReelCore

/// How frame-sample picks the frame for a target time.
public enum SampleMode: String, Sendable, CaseIterable {
    /// The first keyframe at or after the target; only keyframes are decoded.
    case key
    /// The frame displayed at the target, as a full decode shows it.
    case exact
}

/// One frame the sampler picked.
public struct SampledFrame {
    /// The decoded picture.
    public let frame: DecodedFrame
    /// Its stream time in seconds.
    public let time: Double
    /// Its presentation time in seconds inside its source file.
    public let presentationTime: Double
    /// The file it was decoded from.
    public let source: String
    /// Whether it is a keyframe.
    public let isKey: Bool
    /// Whether the decoder met damaged data making it.
    public let isDamaged: Bool
}

/// Picks frames of a video stream at target times, decoding only what it must, on several
/// cores.
///
/// Feed it the files of one stream in order (a whole video, or consecutive HLS segments); it
/// keeps one timeline across them (`StreamTimeline`). The calling thread reads packets and
/// groups them into GOPs (keyframe to keyframe); only a GOP holding a target is decoded, by one
/// of the worker threads, from its keyframe to its last target (`GOPDecoder`). Key mode decodes
/// single keyframes. Frames come back to the caller in stream order. A GOP larger than
/// `maximumBufferedBytes` is decoded on the calling thread as it arrives instead, so memory
/// stays bounded whatever the stream.
///
/// GOPs are decoded independently, as closed GOPs are (x264's default and Twitch's); in an
/// open-GOP stream the few pictures before each keyframe that refer across it are not exact.
public final class FrameSampler {
    /// Called with (where, what) for damaged input that decoding goes on past.
    public typealias Warn = (String, String) -> Void

    public let mode: SampleMode
    /// Bytes of packets one GOP may hold before it is decoded as it comes.
    public var maximumBufferedBytes = 64 << 20
    private var targets: SampleTargets
    private let warn: Warn
    private let pool: OrderedPool<DecodeJob, DecodeResult>
    private let inFlightLimit: Int
    private var timeline = StreamTimeline()
    private var config: CodecConfig?
    private var gop: [TimedPacket] = []
    private var gopBytes = 0
    private var gopStart: Double?
    private var inline: GOPDecoder?
    private var inlineConfig: [UInt8] = []
    private var lastEnd: Double?
    private var submitted = 0
    private var emitted = 0
    private var lastEmittedTime: Double?
    private var warnings = 0
    /// Keyframes read so far, and the latest file read while frames were wanted.
    private var keyframesSeen = 0
    private var lastFile: String?
    /// Stream time to enter the next file at by seeking (frame-sample --part): at its keyframe
    /// at or before that time. Used once, for a stream's first file; nil reads from the start.
    public var seekTo: Double?

    /// A sampler for `targets`, decoding on `workers` threads.
    public init(mode: SampleMode, targets: SampleTargets, workers: Int = 2, warn: @escaping Warn) {
        self.mode = mode
        self.targets = targets
        self.warn = warn
        pool = OrderedPool(workers: workers, makeWorker: DecodeWorker.make)
        inFlightLimit = 2 * max(1, workers)
    }

    deinit {
        pool.close()
    }

    /// Whether every target has been handled (reading more input is pointless).
    /// (A target waits in the cursor until its GOP closes; once none wait, nothing is owed.)
    public var isDone: Bool { targets.next == nil }

    /// Samples one file of the stream, continuing from the files before it.
    ///
    /// - Parameters:
    ///   - start: the stream time the file starts at, if stated (a segment's `start`).
    ///   - discontinuity: the file's timestamps do not continue the previous file's.
    public func sample(_ file: InputFile, start: Double? = nil, discontinuity: Bool = false,
                       emit: (SampledFrame) throws -> Void) throws {
        guard let index = file.videoStreamIndex, let stream = file.stream(index) else {
            throw MediaError("no video stream", at: file.path)
        }
        file.keepOnly(stream: index)
        let fileConfig = try CodecConfig(stream: stream, source: file.path)
        if let config, config.identity != fileConfig.identity {
            try closeGOP(limit: lastEnd ?? .infinity, emit: emit)
        }
        config = fileConfig
        let timeBase = stream.pointee.time_base
        let rate = stream.pointee.avg_frame_rate.num > 0 ? stream.pointee.avg_frame_rate : stream.pointee.r_frame_rate
        let nominalDuration = rate.num > 0 && rate.den > 0 ? 1 / av_q2d(rate) : 1.0 / 30
        var begun = false
        let wanted = targets.next != nil
        var lastDecodeTime: Double?
        let packet = try Packet()
        while targets.next != nil, try file.read(into: packet) {
            guard packet.streamIndex == index, let timestamp = packet.timestamp else { continue }
            if !begun {
                begun = true
                let rebased = timeline.begin(timestamp: timestamp, timeBase: timeBase, start: start,
                                             discontinuity: discontinuity)
                if let ignored = timeline.ignoredStart {
                    report(file.path, at: timeline.time(of: timestamp),
                           "said to start at \(ignored) s, more than a day past the stream: taken as a discontinuity going on from there, not as a new origin of time")
                }
                if rebased && gopStart != nil {
                    // A new clock: what is buffered ends where the previous file ended.
                    try closeGOP(limit: lastEnd ?? .infinity, emit: emit)
                }
                if let time = seekTo {
                    seekTo = nil
                    if time > 0 {
                        // The packet read so far set the clock; reading goes on from the seek.
                        try seek(file, stream: index, timeBase: timeBase, firstTimestamp: timestamp, to: time)
                        continue
                    }
                }
            }
            if packet.isKey { keyframesSeen += 1 }
            let duration = packet.duration > 0 ? Double(packet.duration) * av_q2d(timeBase) : nominalDuration
            if let decodeTimestamp = packet.decodeTimestamp {
                // Decode times step by one frame; a jump means frames were lost.
                let decodeTime = Double(decodeTimestamp) * av_q2d(timeBase)
                if let last = lastDecodeTime, decodeTime - last > 3 * duration + 1e-6, decodeTime - last < 60 {
                    report(file.path, at: timeline.time(of: timestamp) - (decodeTime - last),
                           "damaged data: \(((decodeTime - last) * 1000).rounded() / 1000) s of video missing, decoding on")
                }
                lastDecodeTime = decodeTime
            }
            let time = timeline.time(of: timestamp, duration: duration)
            lastEnd = max(lastEnd ?? -.infinity, time + duration)
            let timed = TimedPacket(packet: try packet.detach(),
                                    info: FrameInfo(time: time, presentationTime: Double(timestamp) * av_q2d(timeBase),
                                                    duration: duration, source: file.path))
            switch mode {
            case .key: try keyframe(timed, emit: emit)
            case .exact: try add(timed, emit: emit)
            }
            try collect(waiting: false, emit: emit)
        }
        if file.skippedDamage > 0 {
            report(file.path, at: lastEnd ?? 0, "damaged data: \(file.skippedDamage) unreadable packets skipped")
        }
        if wanted {
            lastFile = file.path
        }
        try endOfFile(emit: emit)
    }

    /// Moves `file` (its timeline begun at `firstTimestamp`) to its keyframe at or before stream
    /// time `time`: seeks there, and checks that the first keyframe read is not after it (a
    /// demuxer may land late); seeks 10, 20, 40... s earlier until it is, or back to the start.
    private func seek(_ file: InputFile, stream index: Int, timeBase: AVRational, firstTimestamp: Int64,
                      to time: Double) throws {
        let packet = try Packet()
        var margin = 0.0
        while time - margin > 0 {
            let offset = Int64(saturating: (time - margin) / av_q2d(timeBase))
            guard let target = firstTimestamp.adding(checked: offset),
                  av_seek_frame(file.context, Int32(index), target, AVSEEK_FLAG_BACKWARD) >= 0 else { break }
            var keyTime: Double?
            while keyTime == nil, try file.read(into: packet) {
                guard packet.streamIndex == index, packet.isKey, let timestamp = packet.timestamp else { continue }
                keyTime = timeline.time(of: timestamp, in: timeBase)
            }
            if let keyTime, keyTime <= time + 1e-6,
               av_seek_frame(file.context, Int32(index), target, AVSEEK_FLAG_BACKWARD) >= 0 {
                return
            }
            margin = max(10, margin * 2)
        }
        // From the start, as without seeking.
        av_seek_frame(file.context, Int32(index), firstTimestamp, AVSEEK_FLAG_BACKWARD)
    }

    /// At the end of a file (a live segment): hands out every frame owed up to its end now, not
    /// when the next file arrives. The open GOP is decoded for the targets before the file's
    /// end but kept: if the next file does not start with a keyframe, the GOP goes on.
    private func endOfFile(emit: (SampledFrame) throws -> Void) throws {
        if mode == .exact, let gopStart, inline == nil, let end = lastEnd, let config {
            targets.skip(below: min(gopStart, end) - 1e-6)
            let inside = targets.window(below: end - 1e-6)
            targets.skip(below: end - 1e-6)
            if inside.next != nil {
                try submit(DecodeJob(sequence: submitted, config: config, packets: try handOver(keeping: true),
                                     targets: inside, limit: end, keyframeOnly: false), emit: emit)
            }
        }
        try collect(waiting: true, emit: emit)
    }

    /// Ends the stream: decodes what is buffered and hands out every frame still owed.
    ///
    /// - Throws: `MediaError` (`badInput`) when frames were wanted from the input and it held
    ///   not one keyframe: a file cut short or damaged past reading, not an empty stream.
    public func finish(emit: (SampledFrame) throws -> Void) throws {
        try closeGOP(limit: lastEnd ?? .infinity, emit: emit)
        try collect(waiting: true, emit: emit)
        if let lastFile, keyframesSeen == 0 {
            throw MediaError("no picture could be decoded: not one keyframe in the input (truncated or damaged)", at: lastFile)
        }
    }

    // MARK: Grouping packets into jobs

    private func keyframe(_ timed: sending TimedPacket, emit: (SampledFrame) throws -> Void) throws {
        guard timed.packet.isKey, let target = targets.next, target <= timed.info.time + 1e-6, let config else {
            return
        }
        targets.skip(through: timed.info.time + 1e-6)
        try submit(DecodeJob(sequence: submitted, config: config, packets: [timed],
                             targets: .at([target], start: -.infinity), limit: .infinity, keyframeOnly: true), emit: emit)
    }

    private func add(_ timed: sending TimedPacket, emit: (SampledFrame) throws -> Void) throws {
        if timed.packet.isKey {
            try closeGOP(limit: timed.info.time, emit: emit)
            gopStart = timed.info.time
        } else if gopStart == nil {
            return  // before the first keyframe: nothing can be decoded
        }
        if let inline {
            var picks: [Pick] = []
            try inline.feed(timed, targets: &targets, picks: &picks)
            try deliver(picks, damage: inline.damage, emit: emit)
            return
        }
        gop.append(timed)
        gopBytes += Int(timed.packet.pointer.pointee.size)
        if gopBytes > maximumBufferedBytes {
            try decodeInline(emit: emit)
        }
    }

    /// Ends the current GOP at `limit` (the next keyframe's time, or the end of the stream):
    /// queues it for decoding if a target falls inside it.
    private func closeGOP(limit: Double, emit: (SampledFrame) throws -> Void) throws {
        defer {
            gop = []
            gopBytes = 0
            gopStart = nil
        }
        guard let start = gopStart else { return }
        if let inline {
            var picks: [Pick] = []
            try inline.end(limit: limit, targets: &targets, picks: &picks)
            try deliver(picks, damage: inline.damage, emit: emit)
            self.inline = nil
            return
        }
        // Targets before this GOP (before the first keyframe, in a gap) cannot be had. The
        // targets inside it go with it as a window: however long the GOP claims to be (a
        // damaged timestamp), they cost nothing until decoded, and a frame answers many at once.
        targets.skip(below: start - 1e-6)
        let inside = targets.window(below: limit - 1e-6)
        targets.skip(below: limit - 1e-6)
        guard inside.next != nil, let config else { return }
        try submit(DecodeJob(sequence: submitted, config: config, packets: try handOver(keeping: false),
                             targets: inside, limit: limit, keyframeOnly: false), emit: emit)
    }

    /// The buffered GOP's packets, for a job: moved out of the GOP's when it is over, or new
    /// references to the same data when it goes on (at the end of a file); either way the
    /// job's own, which the GOP shares nothing with.
    private func handOver(keeping: Bool) throws(MediaError) -> sending [TimedPacket] {
        var packets: [TimedPacket] = []
        packets.reserveCapacity(gop.count)
        for timed in gop {
            let packet = keeping ? try timed.packet.reference() : try timed.packet.detach()
            packets.append(TimedPacket(packet: packet, info: timed.info))
        }
        return packets
    }

    /// A GOP too large to keep: decode it here, as its packets come.
    private func decodeInline(emit: (SampledFrame) throws -> Void) throws {
        guard let config else { return }
        try collect(waiting: true, emit: emit)
        if inline == nil || inlineConfig != config.identity {
            inline = GOPDecoder(decoder: try VideoDecoder(config: config))
            inlineConfig = config.identity
        }
        guard let inline else { return }
        inline.begin()
        var picks: [Pick] = []
        for timed in gop {
            try inline.feed(timed, targets: &targets, picks: &picks)
        }
        gop = []
        gopBytes = 0
        try deliver(picks, damage: inline.damage, emit: emit)
    }

    // MARK: Results in order

    private func submit(_ job: sending DecodeJob, emit: (SampledFrame) throws -> Void) throws {
        pool.submit(job)
        submitted += 1
        while submitted - emitted >= inFlightLimit {
            try take(waiting: true, emit: emit)
        }
    }

    /// Hands out finished jobs in order; with `waiting`, all of them.
    private func collect(waiting: Bool, emit: (SampledFrame) throws -> Void) throws {
        while emitted < submitted, try take(waiting: waiting, emit: emit) {}
    }

    @discardableResult
    private func take(waiting: Bool, emit: (SampledFrame) throws -> Void) throws -> Bool {
        guard let result = pool.next(wait: waiting) else { return false }
        emitted += 1
        if let error = result.error {
            throw error
        }
        try deliver(result.picks, damage: result.damage, emit: emit)
        return true
    }

    private func deliver(_ picks: [Pick], damage: [Damage], emit: (SampledFrame) throws -> Void) throws {
        // One report per GOP is enough to say where.
        if let first = damage.first {
            let what = first.code < 0 ? MediaError.message(for: first.code) : "errors concealed by the decoder"
            report(first.info.source, at: first.info.time, "damaged data (\(what)): decoding on")
        }
        for pick in picks where pick.info.time != lastEmittedTime {
            lastEmittedTime = pick.info.time
            try emit(SampledFrame(frame: pick.frame, time: pick.info.time, presentationTime: pick.info.presentationTime,
                                  source: pick.info.source, isKey: pick.frame.isKey, isDamaged: pick.damaged))
        }
    }

    /// Reports damaged input (the first 20 places, then once that there is more).
    private func report(_ source: String, at time: Double, _ what: String) {
        warnings += 1
        if warnings <= 20 {
            warn("\(source) at \((time * 1000).rounded() / 1000) s", what)
        } else if warnings == 21 {
            warn(source, "more damaged data: no further reports")
        }
    }
}
