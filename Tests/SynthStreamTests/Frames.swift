import Foundation
import ReelCore
import ReelOCR
import ReelTestSupport
import ReelVision

/// Frames of a video by index, decoded in one pass by the ffmpeg CLI (independent of reel's code).
func frames(of video: String, at indices: [Int]) throws -> [Int: RGBImage] {
    let wanted = Array(Set(indices)).sorted()
    let folder = try TemporaryDirectory("frames")
    let select = wanted.map { "eq(n\\,\($0))" }.joined(separator: "+")
    let result = try Subprocess.run("ffmpeg", [
        "-v", "error", "-i", video, "-vf", "select='\(select)'", "-fps_mode", "passthrough",
        "-pix_fmt", "rgb24", folder.file("%04d.ppm"),
    ])
    guard result.status == 0 else { throw TestSetupError("ffmpeg: \(result.errors)") }
    var images: [Int: RGBImage] = [:]
    for (order, index) in wanted.enumerated() {
        images[index] = try ImageFile.readRGB(path: folder.file(String(format: "%04d.ppm", order + 1)))
    }
    return images
}

extension RGBImage {
    /// The part inside a box (clipped to the image).
    func cropped(x: Int, y: Int, width w: Int, height h: Int) -> RGBImage {
        let x0 = max(0, x), y0 = max(0, y), x1 = min(width, x + w), y1 = min(height, y + h)
        var out: [UInt8] = []
        for row in y0..<max(y0, y1) {
            out += pixels[((row * width + x0) * 3)..<((row * width + x1) * 3)]
        }
        return RGBImage(width: max(0, x1 - x0), height: max(0, y1 - y0), pixels: out)
    }

    /// Pixels of the red kill digits' colour (#FF4040 to #FF6060: green equal to blue, after
    /// 4:2:0 compression within a margin).
    var redCount: Int {
        stride(from: 0, to: pixels.count, by: 3).filter { index in
            let r = Int(pixels[index]), g = Int(pixels[index + 1]), b = Int(pixels[index + 2])
            return r > 200 && (40...130).contains(g) && (40...130).contains(b) && abs(g - b) < 28
        }.count
    }

    /// Light text as black ink on white paper, with a margin: what Tesseract reads best.
    var inkForOCR: GrayImage {
        let margin = 12
        var out = GrayImage(width: width + 2 * margin, height: height + 2 * margin, value: 255)
        for y in 0..<height {
            for x in 0..<width {
                let (r, g, b) = self[x, y]
                if min(r, g, b) >= 185 {
                    out[x + margin, y + margin] = 0
                }
            }
        }
        return out
    }
}

/// A box [x, y, w, h] of a screen record, grown by a margin.
func region(_ record: JSONObject, margin: Double = 0.3) -> (x: Int, y: Int, w: Int, h: Int) {
    let box = record["box"]?.arrayValue?.compactMap(\.intValue) ?? [0, 0, 0, 0]
    let m = Int(Double(box[3]) * margin)
    return (box[0] - m, box[1] - m, box[2] + 2 * m, box[3] + 2 * m)
}

/// Reads light text in a region of a frame.
func read(_ image: RGBImage, _ area: (x: Int, y: Int, w: Int, h: Int), engine: OCREngine) -> String {
    engine.recognize(image.cropped(x: area.x, y: area.y, width: area.w, height: area.h).inkForOCR).text
}
