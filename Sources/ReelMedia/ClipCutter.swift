import CFFmpeg

/// What a cut made.
public struct CutClip: Sendable, Equatable {
    /// How the clip's pictures were made.
    public enum Method: String, Sendable {
        /// Stream copy from the keyframe at or before the window's start.
        case copy
        /// Frame-accurate start: re-encoded from the start to the next keyframe, copied after.
        case smart
        /// Re-encoded throughout (smart cut impossible for this codec).
        case reencoded
    }

    /// Stream time of its first picture.
    public var start: Double
    /// Stream time its last picture ends.
    public var end: Double
    /// Seconds it plays (less than end − start when damaged data was cut out).
    public var duration: Double
    public var method: Method
    /// Spans of stream time cut out because their data was missing or damaged.
    public var skipped: [ClosedRange<Double>] = []
    /// The window was cut short by the start or end of the source.
    public var clipped = false
    /// Pieces of the source that were missing (not found) while cutting.
    public var missing: [String] = []
    /// Damaged packets the muxer refused, left out of the clip.
    public var refusedPackets = 0

    public init(start: Double, end: Double, duration: Double, method: Method,
                skipped: [ClosedRange<Double>] = [], clipped: Bool = false) {
        self.start = start
        self.end = end
        self.duration = duration
        self.method = method
        self.skipped = skipped
        self.clipped = clipped
    }
}

/// Cuts clips out of a `ClipSource` without decoding what can be copied.
///
/// By default a clip is a stream copy starting at the keyframe at or before the window's
/// start (as `ffmpeg -ss S -to E -c copy` does), with timestamps from 0. Accurate cuts start
/// at the frame shown at the window's start: the pictures from there to the next keyframe are
/// re-encoded with libx264 at the source's size, format, profile and level, and the rest is
/// copied (a smart cut); audio is copied from the same instant. Codecs other than H.264 are
/// re-encoded whole.
public final class ClipCutter {
    /// Called with (where, what) for things the caller should hear about.
    public typealias Warn = (String, String) -> Void

    public let source: ClipSource
    public let container: OutputFile.Container
    let warn: Warn
    /// Seconds a window may begin before a keyframe and still start at it.
    static let epsilon = 1e-4

    public init(source: ClipSource, container: OutputFile.Container, warn: @escaping Warn) {
        self.source = source
        self.container = container
        self.warn = warn
    }

    /// Cuts stream times `start` to `end` into `path`; nil when the window holds no picture.
    ///
    /// `comment`, given what was cut, says what to store in the file's `comment` tag (MP4
    /// writes its tags at the end, so the result can be stored in the clip itself).
    public func cut(from start: Double, to end: Double, accurate: Bool, into path: String,
                    comment: ((CutClip) -> String)? = nil) throws(MediaError) -> CutClip? {
        var startIndex = source.isSingleFile ? 0 : source.pieceIndex(at: start)
        var seekMargin = 0.0
        while true {
            let reader = SourceReader(source: source, from: startIndex,
                                      seekingTo: source.isSingleFile ? max(0, start - seekMargin) : nil, warn: warn)
            switch try findStart(reader, start: start) {
            case .empty:
                return nil
            case .retry:
                if source.isSingleFile && start - seekMargin > 0 {
                    seekMargin = max(10, seekMargin * 2)
                } else if !source.isSingleFile && startIndex > 0 {
                    startIndex -= 1
                } else {
                    // Nothing earlier to read: the window starts before the source's first keyframe.
                    let first = SourceReader(source: source, from: startIndex, seekingTo: nil, warn: warn)
                    guard case .found(let found) = try findStart(first, start: start, orFirstKeyframe: true) else {
                        return nil
                    }
                    return try writeClip(reader: first, found: found, start: start, end: end, accurate: accurate,
                                         path: path, comment: comment)
                }
            case .found(let found):
                return try writeClip(reader: reader, found: found, start: start, end: end, accurate: accurate,
                                     path: path, comment: comment)
            }
        }
    }

    /// The packets from the keyframe at or before the window's start up to the first packet
    /// decoded after it.
    struct StartingPoint {
        var packets: [TimedMediaPacket]
        /// The first packet not yet placed (nil at the end of the source).
        var next: TimedMediaPacket?
    }

    enum Search {
        case found(StartingPoint)
        /// The keyframe lies before where reading began.
        case retry
        /// The source ended before the window began.
        case empty
    }

    private func findStart(_ reader: SourceReader, start: Double, orFirstKeyframe: Bool = false) throws(MediaError) -> Search {
        var packets: [TimedMediaPacket] = []
        var keyTime: Double?
        var videoEnd = -Double.infinity
        while let packet = try reader.next() {
            if packet.kind == .audio {
                packets.append(packet)
                continue
            }
            videoEnd = max(videoEnd, packet.time + packet.duration)
            if packet.isKey && (packet.time <= start + Self.epsilon || (orFirstKeyframe && keyTime == nil)) {
                // A later keyframe at or before the start: begin there (keep overlapping audio).
                packets = packets.filter { $0.kind == .audio && $0.time + $0.duration > packet.time }
                packets.append(packet)
                keyTime = packet.time
                continue
            }
            let after = packet.isKey ? packet.time > start + Self.epsilon : packet.decodeTime > start + Self.epsilon
            guard keyTime != nil else {
                if after && !orFirstKeyframe { return .retry }
                continue
            }
            if after {
                return .found(StartingPoint(packets: packets, next: packet))
            }
            packets.append(packet)
        }
        guard keyTime != nil, videoEnd > start + Self.epsilon else { return .empty }
        return .found(StartingPoint(packets: packets, next: nil))
    }
}
