import CFFmpeg
import ReelCore

extension ClipCompiler {
    /// Sends samples to the encoder with the music mixed under them.
    static func feed(_ encoder: AudioEncoder, left: [Float], right: [Float], music: MusicTrack?,
                     write: (Packet) throws(MediaError) -> Void) throws(MediaError) {
        guard let music, !left.isEmpty else {
            try encoder.add(left: left, right: right, write: write)
            return
        }
        let under = try music.take(left.count)
        var mixedLeft = left, mixedRight = right
        for index in left.indices {
            mixedLeft[index] = max(-1, min(1, left[index] + under.left[index]))
            mixedRight[index] = max(-1, min(1, right[index] + under.right[index]))
        }
        try encoder.add(left: mixedLeft, right: mixedRight, write: write)
    }

    /// Silence (with the music under it) until the encoder has `total` samples.
    static func pad(_ encoder: AudioEncoder, to total: Int64, music: MusicTrack?,
                    write: (Packet) throws(MediaError) -> Void) throws(MediaError) {
        var missing = Int(saturating: Double(total) - Double(encoder.samplesGiven))
        while missing > 0 {
            let count = min(missing, 48_000)
            let zeros = [Float](repeating: 0, count: count)
            try feed(encoder, left: zeros, right: zeros, music: music, write: write)
            missing -= count
        }
    }

    /// The sound of one piece made anew: decoded, converted to 48 kHz stereo at the piece's
    /// volume, trimmed, placed on the output's sample clock, gaps filled with silence.
    struct PieceSound {
        let info: PieceInfo
        let audioIndex: Int
        let encoder: AudioEncoder?
        /// Where the piece starts in the output, in seconds.
        var start: Double
        /// Presentation time of the file's first picture, in seconds.
        var videoStart: Double?
        private var decoder: AudioDecoder?
        private var converter: AudioConverter?

        init(info: PieceInfo, audioIndex: Int, start: Double, encoder: AudioEncoder?) throws(MediaError) {
            self.info = info
            self.audioIndex = audioIndex
            self.start = start
            self.encoder = encoder
            if encoder != nil, let audio = info.audio, !info.isStill {
                decoder = try AudioDecoder(config: audio)
            }
        }

        private var plannedEnd: Int64 {
            let played = info.isStill ? info.piece.stillDuration : info.playedDuration
            return Int64(saturating: (start + played) * Double(AudioEncoder.sampleRate))
        }

        mutating func decode(_ packet: Packet, file: InputFile, music: MusicTrack?,
                             write: (Packet) throws(MediaError) -> Void) throws(MediaError) {
            guard let decoder, let videoStart, let stream = file.stream(audioIndex) else { return }
            decoder.send(packet)
            let timeBase = stream.pointee.time_base
            while let frame = decoder.receive() {
                try take(frame, timeBase: timeBase, videoStart: videoStart, music: music, write: write)
            }
        }

        private mutating func take(_ frame: DecodedFrame, timeBase: AVRational, videoStart: Double, music: MusicTrack?,
                                   write: (Packet) throws(MediaError) -> Void) throws(MediaError) {
            guard let encoder else { return }
            if converter == nil {
                converter = try AudioConverter(like: frame, volume: info.piece.volume)
            }
            guard let converter, let timestamp = frame.timestamp else { return }
            let relative = Double(timestamp) * av_q2d(timeBase) - videoStart - info.piece.trimStart
            var (left, right) = converter.convert(frame)
            let rate = Double(AudioEncoder.sampleRate)
            var position = Int64(saturating: (start + relative) * rate)
            let first = Int64(saturating: start * rate)
            // Before the piece (trimmed) or overlapping what is already there: drop.
            let skip = Int(saturating: Double(max(first, encoder.samplesGiven)) - Double(position))
            if skip > 0 {
                let dropped = min(skip, left.count)
                left.removeFirst(dropped)
                right.removeFirst(dropped)
                position += Int64(dropped)
            }
            let room = Int(saturating: Double(plannedEnd) - Double(position))
            if room < left.count {
                left = Array(left.prefix(max(0, room)))
                right = Array(right.prefix(max(0, room)))
            }
            guard !left.isEmpty else { return }
            try ClipCompiler.pad(encoder, to: position, music: music, write: write)
            try ClipCompiler.feed(encoder, left: left, right: right, music: music, write: write)
        }

        /// The piece ended at `end` seconds: the rest is silence.
        mutating func finish(at end: Double, music: MusicTrack?, write: (Packet) throws(MediaError) -> Void) throws(MediaError) {
            guard let encoder else { return }
            try ClipCompiler.pad(encoder, to: Int64(saturating: end * Double(AudioEncoder.sampleRate)), music: music, write: write)
        }
    }
}
