import Foundation
import ReelTestSupport
import ReelVision
import Testing

/// JPEG writing, checked by decoding with FFmpeg's decoder (an independent reader).
@Suite struct JPEGTests {
    /// Gradients, sharp white and red strokes and noise: what HUD crops look like.
    static func picture(width: Int, height: Int, seed: UInt64 = 7) -> RGBImage {
        var state = seed
        func noise() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 59) - 16
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let index = 3 * (y * width + x)
                var rgb = [190 - x % 97, 60 + (x + y) % 120, 180 - y]
                if (x / 6) % 4 == 1 && y > height / 4 && y < 3 * height / 4 { rgb = [255, 255, 255] }
                if (x / 5) % 7 == 3 && y > height / 3 { rgb = [230, 40, 40] }
                for channel in 0..<3 {
                    pixels[index + channel] = UInt8(max(0, min(255, rgb[channel] + noise())))
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// FFmpeg's decoding of JPEG bytes as RGB.
    static func decode(_ jpeg: [UInt8], width: Int, height: Int) throws -> [UInt8] {
        let folder = try TemporaryDirectory()
        let path = folder.file("a.jpg")
        try Data(jpeg).write(to: URL(fileURLWithPath: path))
        let result = try Subprocess.run("ffmpeg", ["-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
        guard result.status == 0 else { throw TestSetupError("ffmpeg: \(result.errors)") }
        return [UInt8](result.stdout)
    }

    static func psnr(_ a: [UInt8], _ b: [UInt8]) -> Double {
        let squares = zip(a, b).reduce(0.0) { $0 + pow(Double($1.0) - Double($1.1), 2) }
        return 10 * log10(255 * 255 / max(squares / Double(a.count), 1e-9))
    }

    // (The noise of the picture, ±16 per channel, is what costs most of the dB.)
    @Test(arguments: [(JPEG.Chroma.full, 90, 29.5), (.half, 90, 23.5), (.full, 100, 45.0), (.half, 40, 21.0)])
    func decodesCloseToTheOriginal(chroma: JPEG.Chroma, quality: Int, least: Double) throws {
        // Sizes that are no multiple of the block or MCU size, so edges are padded.
        for (width, height) in [(123, 45), (400, 60), (1, 1), (17, 9)] {
            let image = Self.picture(width: width, height: height)
            let jpeg = JPEG.encode(image, quality: quality, chroma: chroma)
            #expect(Array(jpeg.prefix(2)) == [0xFF, 0xD8] && Array(jpeg.suffix(2)) == [0xFF, 0xD9])
            let decoded = try Self.decode(jpeg, width: width, height: height)
            try #require(decoded.count == width * height * 3, "\(width)x\(height): \(decoded.count) bytes decoded")
            let quality = Self.psnr(decoded, image.pixels)
            #expect(quality >= least, "\(width)x\(height) at \(quality) dB")
        }
    }

    @Test func isManyTimesSmallerThanPNGForBusyPictures() {
        let image = Self.picture(width: 400, height: 60)
        let png = PNG.encode(image, level: 9).count, jpeg = JPEG.encode(image, quality: 90).count
        #expect(jpeg * 3 < png, "JPEG \(jpeg) bytes, PNG \(png)")
    }

    @Test func codesEveryCoefficientOfRandomPixels() throws {
        // Pure noise at quality 100 reaches the largest coefficients and every run length.
        var state: UInt64 = 3
        let pixels = (0..<(64 * 64 * 3)).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let image = RGBImage(width: 64, height: 64, pixels: pixels)
        let decoded = try Self.decode(JPEG.encode(image, quality: 100, chroma: .full), width: 64, height: 64)
        #expect(Self.psnr(decoded, pixels) > 30)
    }
}
