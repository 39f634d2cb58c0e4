import CFFmpeg

/// One part of a compilation: a clip (trimmed, at a volume) or a card (intro, outro,
/// interval: a video, or a still image shown for a while).
public struct CompilationPiece: Sendable, Equatable {
    public var path: String
    /// Seconds cut from the start and the end.
    public var trimStart = 0.0
    public var trimEnd = 0.0
    /// Volume factor (1 unchanged).
    public var volume = 1.0
    /// How long a still image is shown.
    public var stillDuration = 3.0
    /// Lines drawn over its pictures (`ClipCompiler.Settings.textStyle`); a piece with text is
    /// encoded, never copied.
    public var text: [String] = []
    /// For how many seconds from its start the text is shown (0: the whole piece).
    public var textSeconds = 0.0
    /// How its text looks (nil: `ClipCompiler.Settings.textStyle`).
    public var textStyle: TextOverlay.Style?
    /// Its trim_start falls on a keyframe and nothing is cut from its end: its pictures can
    /// be copied from there (the rest of a clip whose first seconds carry text).
    package var startsOnKeyframe = false

    public init(path: String, trimStart: Double = 0, trimEnd: Double = 0, volume: Double = 1, stillDuration: Double = 3,
                text: [String] = [], textSeconds: Double = 0) {
        self.path = path
        self.trimStart = trimStart
        self.trimEnd = trimEnd
        self.volume = volume
        self.stillDuration = stillDuration
        self.text = text
        self.textSeconds = textSeconds
    }

    /// Whether it asks for changes to its pictures or sound.
    var isEdited: Bool { trimStart > 0 || trimEnd > 0 }
}

/// What compile-clips needs to know of a piece's file.
struct PieceInfo {
    let piece: CompilationPiece
    let video: CodecConfig
    let audio: CodecConfig?
    let frameRate: AVRational
    /// Seconds of pictures the file holds (before trims).
    let duration: Double
    /// A still image rather than a video.
    let isStill: Bool

    init(_ piece: CompilationPiece) throws(MediaError) {
        let file = try InputFile(path: piece.path)
        guard let index = file.videoStreamIndex, let stream = file.stream(index) else {
            throw MediaError("no pictures in it", at: piece.path)
        }
        self.piece = piece
        video = try CodecConfig(stream: stream, source: piece.path)
        let audioIndex = av_find_best_stream(file.context, AVMEDIA_TYPE_AUDIO, -1, Int32(index), nil, 0)
        audio = try file.stream(Int(audioIndex)).map { stream throws(MediaError) in try CodecConfig(stream: stream, source: piece.path) }
        let rate = stream.pointee.avg_frame_rate.num > 0 ? stream.pointee.avg_frame_rate : stream.pointee.r_frame_rate
        frameRate = rate
        let format = file.info.formatName
        let codec = stream.pointee.codecpar.pointee.codec_id
        isStill = format.contains("image2") || format.hasSuffix("_pipe")
            || [AV_CODEC_ID_PNG, AV_CODEC_ID_MJPEG, AV_CODEC_ID_BMP, AV_CODEC_ID_WEBP].contains(codec)
        duration = isStill ? piece.stillDuration : (file.info.video?.duration ?? file.info.duration ?? 0)
    }

    /// Seconds it plays in the compilation.
    var playedDuration: Double { max(0, duration - piece.trimStart - piece.trimEnd) }

    /// Whether its pictures can be copied into a stream of `width`x`height` at `rate`.
    func videoCopies(width: Int, height: Int, rate: AVRational) -> Bool {
        !isStill && (!piece.isEdited || (piece.startsOnKeyframe && piece.trimEnd == 0)) && piece.text.isEmpty
            && fits(width: width, height: height, rate: rate)
    }

    /// Whether its pictures, as they are, are H.264 of `width`x`height` at `rate`.
    func fits(width: Int, height: Int, rate: AVRational) -> Bool {
        let p = video.parameters.pointee
        return p.codec_id == AV_CODEC_ID_H264 && Int(p.width) == width
            && Int(p.height) == height && p.format == AV_PIX_FMT_YUV420P.rawValue && av_cmp_q(frameRate, rate) == 0
    }

    /// The presentation times of its keyframes, in seconds from its first picture.
    func keyframeTimes() throws(MediaError) -> [Double] {
        let file = try InputFile(path: piece.path)
        guard let index = file.videoStreamIndex, let stream = file.stream(index) else { return [] }
        let timeBase = av_q2d(stream.pointee.time_base)
        var first: Int64?
        var times: [Double] = []
        let packet = try Packet()
        while try file.read(into: packet) {
            guard packet.streamIndex == index, let timestamp = packet.timestamp else { continue }
            first = first ?? timestamp  // the first in decode order, as ClipCompiler.Join counts
            if packet.isKey { times.append(Double(timestamp - (first ?? timestamp)) * timeBase) }
        }
        return times.sorted()
    }

    /// Whether its sound can be copied unchanged (AAC, 48 kHz stereo, no trim or volume).
    var audioCopies: Bool {
        guard let audio, !isStill, !piece.isEdited, piece.volume == 1 else { return false }
        let p = audio.parameters.pointee
        return p.codec_id == AV_CODEC_ID_AAC && p.sample_rate == AudioEncoder.sampleRate
            && Int(p.ch_layout.nb_channels) == AudioEncoder.channels
    }
}
