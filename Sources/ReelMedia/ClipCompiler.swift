import CFFmpeg

/// What a compilation came to.
public struct CompiledVideo: Sendable, Equatable {
    /// How it was made.
    public enum Method: String, Sendable {
        /// Every piece joined by stream copy.
        case copy
        /// Pieces that could not be copied were re-encoded (the others copied).
        case normalised
    }

    public var duration: Double
    public var method: Method
    /// Pieces whose pictures were copied, and re-encoded.
    public var copiedPieces: Int
    public var encodedPieces: Int
}

/// Joins clips and cards into one video in one pass.
///
/// When every piece is H.264 of one size, frame rate and pixel format with AAC 48 kHz stereo
/// sound, and nothing is trimmed, turned up or down or mixed with music, the pieces are joined
/// by stream copy. Otherwise pictures that fit are still copied, and only the pieces that must
/// change (other sizes or codecs, trims, still cards) are decoded, fitted (aspect kept, on
/// black) and encoded with libx264; the sound is then made anew (AAC) for the whole video,
/// with volumes and music. Each piece starts with its own parameter sets in band, so copied
/// and encoded pictures play on from one another.
public final class ClipCompiler {
    /// The shape of the result.
    public struct Settings: Sendable {
        public var width: Int?
        public var height: Int?
        /// The frame rate, frames per second (nil: the first clip's).
        public var framesPerSecond: Double?
        public var music: String?
        public var musicVolume = 0.25
        public var container = OutputFile.Container.mp4
        /// How the pieces' text is drawn.
        public var textStyle = TextOverlay.Style()

        public init() {}
    }

    public typealias Warn = (String, String) -> Void
    let settings: Settings
    let warn: Warn
    static let videoTimeBase = AVRational(num: 1, den: 90_000)
    /// The longest step in seconds from one copied picture to the next taken as it is; a
    /// longer one is a damaged timestamp.
    static let maximumStep = 10.0

    public init(settings: Settings, warn: @escaping Warn) {
        self.settings = settings
        self.warn = warn
    }

    /// Pieces whose text is shown for their first seconds split in two where they can be: up
    /// to the first keyframe after the text (encoded, with the text) and the rest (copied
    /// when it fits the result), so only the pictures drawn on are encoded.
    func split(_ infos: [PieceInfo]) throws(MediaError) -> [PieceInfo] {
        var result: [PieceInfo] = []
        for info in infos {
            let piece = info.piece
            guard !piece.text.isEmpty, piece.textSeconds > 0, !info.isStill, piece.trimStart == 0, piece.trimEnd == 0,
                  info.video.parameters.pointee.codec_id == AV_CODEC_ID_H264,
                  let keyframe = try info.keyframeTimes().first(where: { $0 >= piece.textSeconds - 0.001 }),
                  keyframe < info.duration - 0.5 else {
                result.append(info)
                continue
            }
            var drawn = piece, rest = piece
            drawn.trimEnd = info.duration - keyframe
            rest.text = []
            rest.trimStart = keyframe
            rest.startsOnKeyframe = true
            result.append(try PieceInfo(drawn))
            result.append(try PieceInfo(rest))
        }
        return result
    }

    /// Joins `pieces` into `path`; `joined` is told how many pieces are in after each one.
    public func compile(_ pieces: [CompilationPiece], into path: String,
                        joined: (Int) -> Void = { _ in }) throws(MediaError) -> CompiledVideo {
        let infos = try split(pieces.map { piece throws(MediaError) in try PieceInfo(piece) })
        guard let model = infos.first(where: { !$0.isStill }) ?? infos.first else {
            throw MediaError("nothing to compile", at: path, failure: .badInput)
        }
        let width = settings.width ?? Int(model.video.parameters.pointee.width) & ~1
        let height = settings.height ?? Int(model.video.parameters.pointee.height) & ~1
        let chosen = settings.framesPerSecond.map { av_d2q($0, 100_000) }
        var rate = chosen ?? model.frameRate
        if rate.num <= 0 || rate.den <= 0 || model.isStill { rate = chosen ?? AVRational(num: 30, den: 1) }
        let copies = infos.map { $0.videoCopies(width: width, height: height, rate: rate) }
        let hasSound = settings.music != nil || infos.contains { $0.audio != nil }
        let copySound = hasSound && settings.music == nil && infos.allSatisfy(\.audioCopies)
        let join = try Join(path: path, container: settings.container, width: width, height: height, rate: rate,
                            textStyle: settings.textStyle, warn: warn)
        try join.open(firstCopied: copies[0] ? infos[0] : nil, soundFrom: copySound ? infos[0].audio : nil,
                      encodeSound: hasSound && !copySound)
        if hasSound && !copySound, let music = settings.music {
            join.music = try MusicTrack(path: music, volume: settings.musicVolume)
        }
        for (index, (info, copied)) in zip(infos, copies).enumerated() {
            try join.add(info, copyPictures: copied, copySound: copySound)
            joined(index + 1)
        }
        let duration = try join.finish()
        let copied = copies.filter { $0 }.count
        return CompiledVideo(duration: (duration * 1000).rounded() / 1000,
                             method: copied == infos.count && (copySound || !hasSound) ? .copy : .normalised,
                             copiedPieces: copied, encodedPieces: infos.count - copied)
    }
}
