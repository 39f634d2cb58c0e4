import Foundation
import ReelMedia
import ReelTestSupport
import ReelVision
import Testing

/// Crops converted to RGB: shrunk (scaled in 4:2:0, then converted) and at their own size.
@Suite struct CropConverterTests {
    /// The first frame of a 640x360 H.264 video: orange (#FF8C1A) on the left half, blue
    /// (#2060E0) on the right.
    func frame(in folder: TemporaryDirectory) throws -> DecodedFrame {
        let video = folder.file("halves.mp4")
        let result = try Subprocess.run("ffmpeg", [
            "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=0x2060E0:s=640x360:r=30:d=1",
            "-vf", "drawbox=x=0:y=0:w=320:h=360:c=0xFF8C1A:t=fill,format=yuv420p",
            "-c:v", "libx264", "-qp", "0", video,
        ])
        guard result.status == 0 else { throw TestSetupError("ffmpeg: \(result.errors)") }
        var frames: [DecodedFrame] = []
        let sampler = FrameSampler(mode: .key, targets: .every(10, end: 1), workers: 1) { _, _ in }
        try sampler.sample(try InputFile(path: video)) { frames.append($0.frame) }
        try sampler.finish { frames.append($0.frame) }
        guard let first = frames.first else { throw TestSetupError("no frame decoded") }
        return first
    }

    /// The pixel at (x, y) of an RGB image.
    func pixel(_ image: RGBImage, _ x: Int, _ y: Int) -> (Int, Int, Int) {
        let index = 3 * (y * image.width + x)
        return (Int(image.pixels[index]), Int(image.pixels[index + 1]), Int(image.pixels[index + 2]))
    }

    func near(_ pixel: (Int, Int, Int), _ colour: (Int, Int, Int), within tolerance: Int = 10) -> Bool {
        abs(pixel.0 - colour.0) <= tolerance && abs(pixel.1 - colour.1) <= tolerance && abs(pixel.2 - colour.2) <= tolerance
    }

    @Test(arguments: [(151, 89), (200, 118), (300, 178)])
    func aShrunkCropKeepsItsColoursOnEachSide(width: Int, height: Int) throws {
        let folder = try TemporaryDirectory()
        let frame = try frame(in: folder)
        // Odd sizes out of an even box that straddles the two halves.
        let box = PixelBox(x: 20, y: 2, width: 600, height: 356)
        let image = try CropConverter().rgb(frame, box: box, outputWidth: width, outputHeight: height)
        #expect(image.width == width && image.height == height && image.pixels.count == 3 * width * height)
        let orange = (255, 140, 26), blue = (32, 96, 224)
        for y in [0, height / 2, height - 1] {
            #expect(near(pixel(image, 0, y), orange), "\(pixel(image, 0, y)) at the left, row \(y)")
            #expect(near(pixel(image, width / 4, y), orange), "\(pixel(image, width / 4, y))")
            #expect(near(pixel(image, 3 * width / 4, y), blue), "\(pixel(image, 3 * width / 4, y))")
            #expect(near(pixel(image, width - 1, y), blue), "\(pixel(image, width - 1, y)) at the right, row \(y)")
        }
    }

    @Test func aShrunkCropIsCloseToTheCropAtItsOwnSizeShrunk() throws {
        let folder = try TemporaryDirectory()
        let frame = try frame(in: folder)
        let box = PixelBox(x: 0, y: 0, width: 640, height: 360)
        let converter = CropConverter()
        let shrunk = try converter.rgb(frame, box: box, outputWidth: 320, outputHeight: 180)
        let full = try converter.rgb(frame, box: box, outputWidth: 640, outputHeight: 360)
        // Away from the edge between the halves, each shrunk pixel is its 2x2 block's colour.
        var worst = 0
        for y in 0..<180 {
            for x in 0..<320 where abs(x - 160) > 3 {
                let a = pixel(shrunk, x, y), b = pixel(full, 2 * x, 2 * y)
                worst = max(worst, abs(a.0 - b.0), abs(a.1 - b.1), abs(a.2 - b.2))
            }
        }
        #expect(worst <= 4)
    }
}
