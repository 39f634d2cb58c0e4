import Foundation
import ReelCore
import ReelTestSupport
import ReelVision
import Testing

@Suite struct PNGTests {
    func random(width: Int, height: Int, channels: Int, seed: UInt64) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        // Smooth ramps with noise, so that every row filter gets used.
        return (0..<(width * height * channels)).map { index in
            let x = (index / channels) % width
            return UInt8(truncatingIfNeeded: x * 3 + Int.random(in: 0...20, using: &generator))
        }
    }

    @Test func grayAndColourImagesRoundTrip() throws {
        let gray = GrayImage(width: 37, height: 11, pixels: random(width: 37, height: 11, channels: 1, seed: 1))
        let decodedGray = try PNG.decode(PNG.encode(gray), source: "gray")
        #expect(decodedGray.rgb.gray == gray)
        #expect(decodedGray.alpha == nil)
        let colour = RGBImage(width: 29, height: 13, pixels: random(width: 29, height: 13, channels: 3, seed: 2))
        #expect(try PNG.decode(PNG.encode(colour), source: "colour").rgb == colour)
    }

    /// ffmpeg writes a picture as PNG in every pixel format its encoder has, and decodes it to
    /// PPM; each PNG reads as ffmpeg's decoder reads it.
    @Test(arguments: ["rgb24", "rgba", "rgb48be", "rgba64be", "gray", "gray16be", "ya8", "pal8", "monob"])
    func readsEveryFormFfmpegWrites(format: String) throws {
        let folder = try TemporaryDirectory("png")
        let ffmpeg = try Subprocess.which("ffmpeg")
        let gray = ["gray", "gray16be", "ya8", "monob"].contains(format)
        let source = "testsrc2=s=64x48:d=1" + (gray ? ",format=gray" : "") + (format == "monob" ? ",lutyuv=y=if(gt(val\\,128)\\,255\\,0)" : "")
        let made = try Subprocess.run(ffmpeg, ["-v", "error", "-f", "lavfi", "-i", source, "-frames:v", "1",
                                               "-pix_fmt", format, "-y", folder.file("image.png")])
        #expect(made.status == 0, "\(made.errors)")
        let decoded = try Subprocess.run(ffmpeg, ["-v", "error", "-i", folder.file("image.png"), "-pix_fmt", "rgb24",
                                                  "-y", folder.file("ref.ppm")])
        #expect(decoded.status == 0, "\(decoded.errors)")
        let reference = try ImageFile.readRGB(path: folder.file("ref.ppm"))
        let (image, alpha) = try ImageFile.readRGBA(path: folder.file("image.png"))
        #expect(image.width == 64 && image.height == 48)
        // 16-bit samples keep their high byte (ffmpeg rounds); 8-bit ones are exact.
        let tolerance = format.contains("16") || format.contains("48") || format.contains("64") ? 1 : 0
        let worst = zip(image.pixels, reference.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(worst <= tolerance, "\(format): differs by \(worst)")
        #expect((alpha != nil) == ["rgba", "rgba64be", "ya8"].contains(format))
    }

    /// An Adam7-interlaced PNG (written here with Python's zlib, as ffmpeg writes none) reads
    /// as its plain twin.
    @Test func readsInterlacedImages() throws {
        let folder = try TemporaryDirectory("png")
        let script = #"""
        import struct, sys, zlib
        w, h = 13, 9
        px = [[((x * 19 + y * 7) % 256, (x * 3) % 256, (y * 29) % 256) for x in range(w)] for y in range(h)]
        def chunk(t, d):
            return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
        def png(interlaced):
            rows = b""
            passes = [(0,0,8,8),(4,0,8,8),(0,4,4,8),(2,0,4,4),(0,2,2,4),(1,0,2,2),(0,1,1,2)] if interlaced else [(0,0,1,1)]
            for x0, y0, dx, dy in passes:
                for y in range(y0, h, dy):
                    xs = list(range(x0, w, dx))
                    if xs:
                        rows += b"\x00" + bytes(c for x in xs for c in px[y][x])
            head = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 1 if interlaced else 0)
            return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
        open(sys.argv[1], "wb").write(png(True))
        open(sys.argv[2], "wb").write(png(False))
        """#
        let result = try Subprocess.run(try Subprocess.which("python3"), ["-c", script, folder.file("i.png"), folder.file("p.png")])
        #expect(result.status == 0, "\(result.errors)")
        let interlaced = try ImageFile.readRGB(path: folder.file("i.png"))
        #expect(interlaced == (try ImageFile.readRGB(path: folder.file("p.png"))))
        #expect(interlaced[12, 8] == (UInt8((12 * 19 + 8 * 7) % 256), UInt8(36), UInt8(8 * 29 % 256)))
    }

    @Test func hostileFilesAreRefusedWithAReason() throws {
        let good = PNG.encode(GrayImage(width: 8, height: 8, value: 7))
        func refused(_ bytes: [UInt8], _ expected: String) {
            do {
                _ = try PNG.decode(bytes, source: "x.png")
                Issue.record("accepted: \(expected)")
            } catch {
                #expect(error.reason.contains(expected), "\(error.reason)")
                #expect(error.location == "x.png")
            }
        }
        refused(Array(good.prefix(40)), "truncated")
        var badChecksum = good
        badChecksum[20] ^= 0xFF
        refused(badChecksum, "checksum")
        // A header claiming 100000 x 100000 pixels: refused before anything is allocated.
        var huge = Array(good.prefix(8))
        var header: [UInt8] = []
        for value in [UInt32(100_000), UInt32(100_000)] { header += withUnsafeBytes(of: value.bigEndian, Array.init) }
        header += [8, 0, 0, 0, 0]
        let body = Array("IHDR".utf8) + header
        huge += withUnsafeBytes(of: UInt32(13).bigEndian, Array.init) + body
        huge += withUnsafeBytes(of: PNGTestCRC.crc(body).bigEndian, Array.init)
        refused(huge, "out of range")
        refused(Array("P5\n1 1\n255\n".utf8) + [0], "not a PNG")
    }
}

/// CRC-32 as PNG uses it (for hand-made chunks).
enum PNGTestCRC {
    static func crc(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
