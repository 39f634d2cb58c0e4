import CFFmpeg
import ReelCore

/// A packet of a clip source placed on the stream timeline.
public struct TimedMediaPacket {
    /// Which stream of the clip it belongs to.
    public enum Kind: Sendable { case video, audio }

    /// The packet (owned).
    public let packet: Packet
    public let kind: Kind
    /// Stream time it is shown at, in seconds.
    public let time: Double
    /// Stream time it is decoded at, in seconds (`time` when the file gives no decode time).
    public let decodeTime: Double
    /// How long it lasts, in seconds.
    public let duration: Double
    /// The time base of its timestamps.
    let timeBase: AVRational
    /// Whether decoding can start at it.
    public var isKey: Bool { packet.isKey }
}

/// Reads the video and audio packets of a `ClipSource` in file order from one piece on, each
/// placed on the stream timeline as frame-sample places frames (`StreamTimeline`).
///
/// A piece that cannot be opened or read is skipped and reported through `warn` as a gap; a
/// whole file can be entered at a time by seeking instead of reading from its start.
final class SourceReader {
    typealias Warn = (String, String) -> Void

    private let source: ClipSource
    private var index: Int
    private let seekTime: Double?
    private let warn: Warn
    private var timeline = StreamTimeline()
    private var file: InputFile?
    private var videoIndex = -1
    private var audioIndex = -1
    private var begun = false
    private var pendingAudio: [Packet] = []
    private var lastDecodeTime: Double?
    private var nominalFrameDuration = 1.0 / 30
    /// The video stream's parameters (from the first piece opened).
    private(set) var video: CodecConfig?
    /// The audio stream's parameters, when the source has audio.
    private(set) var audio: CodecConfig?
    /// Spans of stream time lost to pieces that could not be read.
    private(set) var gaps: [(start: Double, end: Double)] = []
    /// Stream times where damaged data was met (corrupt packets, lost frames).
    private(set) var damage: [Double] = []
    /// The pieces that were not found (a missing input rather than bad data).
    private(set) var missingPieces: [String] = []

    init(source: ClipSource, from index: Int, seekingTo seekTime: Double?, warn: @escaping Warn) {
        self.source = source
        self.index = index
        self.seekTime = seekTime
        self.warn = warn
    }

    /// The frame duration the video stream states (1/30 s when it states none).
    var frameDuration: Double { nominalFrameDuration }

    /// The next packet, or nil when the source is exhausted.
    func next() throws(MediaError) -> TimedMediaPacket? {
        while true {
            if let audioPacket = try releasedAudio() {
                return audioPacket
            }
            guard let file = try currentFile() else { return nil }
            let packet = try Packet()
            let more: Bool
            do {
                more = try file.read(into: packet)
            } catch {
                warn(file.path, "\(error.reason); the rest of this file is skipped")
                recordDamage(at: lastDecodeTime ?? source.pieces[index].start ?? 0)
                more = false
            }
            guard more else {
                closeCurrent()
                continue
            }
            if packet.isCorrupt {
                recordDamage(at: lastDecodeTime ?? 0)
            }
            if packet.streamIndex == audioIndex {
                guard begun else {
                    pendingAudio.append(try packet.detach())
                    continue
                }
                if let timed = timedAudio(packet) { return timed }
                continue
            }
            guard packet.streamIndex == videoIndex, let timestamp = packet.timestamp,
                  let stream = file.stream(videoIndex) else { continue }
            let timeBase = stream.pointee.time_base
            if !begun {
                begin(file: file, stream: stream, firstTimestamp: timestamp)
            }
            let duration = packet.duration > 0 ? Double(packet.duration) * av_q2d(timeBase) : nominalFrameDuration
            let time = timeline.time(of: timestamp, duration: duration)
            var decodeTime = time
            if let dts = packet.decodeTimestamp {
                decodeTime = time - (Double(timestamp) - Double(dts)) * av_q2d(timeBase)
                if let last = lastDecodeTime, decodeTime - last > 3 * duration + 1e-6, decodeTime - last < 60 {
                    recordDamage(at: last)
                }
            }
            lastDecodeTime = decodeTime
            return TimedMediaPacket(packet: try packet.detach(), kind: .video, time: time,
                                    decodeTime: decodeTime, duration: duration, timeBase: timeBase)
        }
    }

    private func recordDamage(at time: Double) {
        if damage.last.map({ abs($0 - time) > 1 }) ?? true {
            damage.append(time)
        }
    }

    private func releasedAudio() throws(MediaError) -> TimedMediaPacket? {
        while begun, !pendingAudio.isEmpty {
            let packet = pendingAudio.removeFirst()
            if let timed = timedAudio(packet) { return timed }
        }
        return nil
    }

    private func timedAudio(_ packet: Packet) -> TimedMediaPacket? {
        guard let file, let stream = file.stream(audioIndex), let timestamp = packet.timestamp else { return nil }
        let timeBase = stream.pointee.time_base
        let time = timeline.time(of: timestamp, in: timeBase)
        let duration = Double(packet.duration) * av_q2d(timeBase)
        let kept: Packet
        do {
            kept = try packet.detach()
        } catch {
            return nil
        }
        return TimedMediaPacket(packet: kept, kind: .audio, time: time, decodeTime: time,
                                duration: duration, timeBase: timeBase)
    }

    private func begin(file: InputFile, stream: UnsafeMutablePointer<AVStream>, firstTimestamp: Int64) {
        begun = true
        let piece = source.pieces[index]
        let nopts = reel_av_nopts_value()
        // A whole file entered by seeking still counts time from its first frame.
        let base = seekTime != nil && stream.pointee.start_time != nopts ? stream.pointee.start_time : firstTimestamp
        let rebased = timeline.begin(timestamp: base, timeBase: stream.pointee.time_base, start: piece.start,
                                     discontinuity: piece.discontinuity)
        if let ignored = timeline.ignoredStart {
            warn(piece.path, "said to start at \(ignored) s, more than a day past the stream: taken as a discontinuity going on from there")
        }
        if rebased { lastDecodeTime = nil }
    }

    private func currentFile() throws(MediaError) -> InputFile? {
        while file == nil {
            guard index < source.pieces.count else { return nil }
            let piece = source.pieces[index]
            do {
                try open(piece)
            } catch {
                if error.failure == .missingInput { missingPieces.append(piece.path) }
                let start = piece.start ?? lastDecodeTime ?? 0
                gaps.append((start, piece.end ?? start))
                warn(error.location ?? piece.path, "\(error.reason); cut around it")
                index += 1
                if source.isSingleFile { throw error }
            }
        }
        return file
    }

    private func open(_ piece: ClipSource.Piece) throws(MediaError) {
        let opened = try InputFile(path: piece.path)
        guard let video = opened.videoStreamIndex, let stream = opened.stream(video) else {
            throw MediaError("no video stream", at: piece.path)
        }
        let audio = Int(av_find_best_stream(opened.context, AVMEDIA_TYPE_AUDIO, -1, Int32(video), nil, 0))
        for other in 0..<Int(opened.context.pointee.nb_streams) where other != video && other != audio {
            opened.stream(other)?.pointee.discard = AVDISCARD_ALL
        }
        if self.video == nil {
            self.video = try CodecConfig(stream: stream, source: piece.path)
            if audio >= 0, let audioStream = opened.stream(audio) {
                self.audio = try CodecConfig(stream: audioStream, source: piece.path)
            }
            let rate = stream.pointee.avg_frame_rate.num > 0 ? stream.pointee.avg_frame_rate : stream.pointee.r_frame_rate
            if rate.num > 0 && rate.den > 0 { nominalFrameDuration = 1 / av_q2d(rate) }
        }
        videoIndex = video
        audioIndex = self.audio == nil ? -1 : audio
        if let seekTime, source.isSingleFile, seekTime > 0 {
            let timeBase = stream.pointee.time_base
            let nopts = reel_av_nopts_value()
            let first = stream.pointee.start_time == nopts ? 0 : stream.pointee.start_time
            let target = first.adding(checked: Int64(saturating: seekTime / av_q2d(timeBase))) ?? Int64.max
            // Backward: the keyframe at or before the target (or a point before it).
            if av_seek_frame(opened.context, Int32(video), target, AVSEEK_FLAG_BACKWARD) < 0 {
                av_seek_frame(opened.context, Int32(video), first, AVSEEK_FLAG_BACKWARD)
            }
        }
        file = opened
        begun = false
        pendingAudio = []
    }

    private func closeCurrent() {
        file = nil
        index += 1
        pendingAudio = []
    }
}
