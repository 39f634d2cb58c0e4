import ReelCore
import ReelVision

/// A still of a video for a thumbnail: its first picture that decodes, scaled to a width.
public enum PosterFrame {
    /// The poster of the video at `path` as PNG, `width` pixels wide (its aspect kept).
    public static func png(of path: String, width: Int = 320) throws(MediaError) -> [UInt8] {
        let file = try InputFile(path: path)
        guard let index = file.videoStreamIndex, let stream = file.stream(index) else {
            throw MediaError("no pictures in it", at: path)
        }
        let decoder = try VideoDecoder(config: try CodecConfig(stream: stream, source: path))
        let packet = try Packet()
        var frame: DecodedFrame?
        var packets = 0
        while frame == nil, packets < 600, try file.read(into: packet) {
            guard packet.streamIndex == index else { continue }
            packets += 1
            _ = decoder.send(packet)
            frame = decoder.receive()
        }
        if frame == nil {
            _ = decoder.send(nil)
            frame = decoder.receive()
        }
        guard let frame, frame.width > 0, frame.height > 0 else { throw MediaError("no picture decodes", at: path) }
        let height = max(2, Int((Double(width) * Double(frame.height) / Double(frame.width)).rounded()))
        let image = try CropConverter().rgb(frame, box: PixelBox(x: 0, y: 0, width: frame.width, height: frame.height),
                                            outputWidth: width, outputHeight: height)
        return PNG.encode(image)
    }
}
