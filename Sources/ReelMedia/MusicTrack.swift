import CFFmpeg

/// A music file played in a loop under a compilation: samples at 48 kHz stereo, on demand.
final class MusicTrack {
    let path: String
    let volume: Float
    private var file: InputFile?
    private var decoder: AudioDecoder?
    private var converter: AudioConverter?
    private var streamIndex = -1
    private var left: [Float] = []
    private var right: [Float] = []
    private var ended = false

    init(path: String, volume: Double) throws(MediaError) {
        self.path = path
        self.volume = Float(volume)
        try open()
    }

    private func open() throws(MediaError) {
        let opened = try InputFile(path: path)
        let index = Int(av_find_best_stream(opened.context, AVMEDIA_TYPE_AUDIO, -1, -1, nil, 0))
        guard index >= 0, let stream = opened.stream(index) else {
            throw MediaError("no sound in the music file", at: path)
        }
        decoder = try AudioDecoder(config: CodecConfig(stream: stream, source: path))
        file = opened
        streamIndex = index
        converter = nil
    }

    /// The next `count` samples (scaled by the volume), looping at the end of the file.
    func take(_ count: Int) throws(MediaError) -> (left: [Float], right: [Float]) {
        var loops = 0
        while left.count < count {
            guard let file, let decoder else { break }
            let packet = try Packet()
            if try file.read(into: packet) {
                guard packet.streamIndex == streamIndex else { continue }
                decoder.send(packet)
            } else {
                decoder.send(nil)
                ended = true
            }
            while let frame = decoder.receive() {
                if converter == nil { converter = try AudioConverter(like: frame, volume: Double(volume)) }
                if let converted = converter?.convert(frame) {
                    left += converted.left
                    right += converted.right
                }
            }
            if ended {
                loops += 1
                guard loops < 3 else { break }  // a file with no samples: silence
                ended = false
                try open()
            }
        }
        let available = min(count, left.count)
        var outLeft = Array(left[..<available]), outRight = Array(right[..<available])
        left.removeFirst(available)
        right.removeFirst(available)
        if available < count {
            outLeft += [Float](repeating: 0, count: count - available)
            outRight += [Float](repeating: 0, count: count - available)
        }
        return (outLeft, outRight)
    }
}
