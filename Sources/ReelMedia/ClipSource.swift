/// What clips are cut from: one video file, or the segment files of one stream in order (an
/// hls-fetch run), which share one timeline as frame-sample sees it.
public struct ClipSource: Sendable {
    /// One file of the source.
    public struct Piece: Sendable, Equatable {
        /// The local file.
        public var path: String
        /// Stream time of its first frame (a segment's `start`); nil for a whole file.
        public var start: Double?
        /// Its length in seconds when known (a segment's `duration`).
        public var duration: Double?
        /// Its timestamps restart (EXT-X-DISCONTINUITY).
        public var discontinuity: Bool

        public init(path: String, start: Double? = nil, duration: Double? = nil, discontinuity: Bool = false) {
            self.path = path
            self.start = start
            self.duration = duration
            self.discontinuity = discontinuity
        }

        /// Where the piece ends in stream time, when its start and duration are known.
        public var end: Double? {
            guard let start, let duration else { return nil }
            return start + duration
        }
    }

    /// The files in stream order.
    public var pieces: [Piece]

    /// A source made of one whole file.
    public init(file path: String) {
        pieces = [Piece(path: path)]
    }

    /// A source made of segments in stream order.
    public init(pieces: [Piece]) {
        self.pieces = pieces
    }

    /// The name records give it: the file, or the first segment's path.
    public var name: String { pieces.first?.path ?? "" }

    /// Whether it is one whole file (which can be searched by seeking).
    public var isSingleFile: Bool { pieces.count == 1 && pieces[0].start == nil }

    /// Where its known pieces end in stream time (nil for a whole file).
    public var knownEnd: Double? { pieces.last?.end }

    /// The index of the piece holding stream time `time` (the last piece starting at or before
    /// it; the first piece when none does).
    public func pieceIndex(at time: Double) -> Int {
        var found = 0
        for (index, piece) in pieces.enumerated() {
            guard let start = piece.start else { continue }
            if start <= time + 1e-6 { found = index } else { break }
        }
        return found
    }
}
