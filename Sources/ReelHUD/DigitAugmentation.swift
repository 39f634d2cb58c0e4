import ReelVision

/// Random changes to a cut digit for training, as the HUD's backgrounds, sizes and compression
/// change it: shifts, scale, thicker or thinner strokes, specks and bites of background.
public enum DigitAugmentation {
    /// Changes a `DigitCutter.side`-square digit in place.
    public static func apply(_ pixels: inout [Float], _ generator: inout SeededGenerator) {
        let side = DigitCutter.side
        // Scale about the centre by 0.85 to 1.15 and shift by up to 1.5 pixels (bilinear).
        let scale = Float.random(in: 0.85...1.15, using: &generator)
        let scaleX = scale * Float.random(in: 0.9...1.1, using: &generator)
        let dx = Float.random(in: -1.5...1.5, using: &generator), dy = Float.random(in: -1.5...1.5, using: &generator)
        let source = pixels
        let centre = Float(side - 1) / 2
        for y in 0..<side {
            for x in 0..<side {
                let sx = (Float(x) - centre - dx) / scaleX + centre, sy = (Float(y) - centre - dy) / scale + centre
                pixels[y * side + x] = sample(source, side, sx, sy)
            }
        }
        // Thicker or thinner strokes (3x3 max or min), as other fonts and sizes draw them.
        switch Int.random(in: 0..<6, using: &generator) {
        case 0: pixels = morph(pixels, side, grow: true)
        case 1: pixels = morph(pixels, side, grow: false)
        default: break
        }
        // Specks of bright background touching or near the digit, and bites out of it.
        for _ in 0..<Int.random(in: 0...3, using: &generator) {
            let x = Int.random(in: 0..<side, using: &generator), y = Int.random(in: 0..<side, using: &generator)
            let size = Int.random(in: 1...2, using: &generator)
            let value: Float = Bool.random(using: &generator) ? 1 : 0
            for yy in y..<min(side, y + size) {
                for xx in x..<min(side, x + size) {
                    pixels[yy * side + xx] = value
                }
            }
        }
        // Soft edges of compression.
        for index in pixels.indices {
            pixels[index] = max(0, min(1, pixels[index] + Float.random(in: -0.08...0.08, using: &generator)))
        }
    }

    /// A shape that is no digit, for training the "not a digit" class: half a digit stretched
    /// to full height, two digits squeezed into one shape (a pair the cutter could not split),
    /// a solid blob, or specks.
    public static func negative(from digits: [[Float]], _ generator: inout SeededGenerator) -> [Float] {
        let side = DigitCutter.side
        var pixels = [Float](repeating: 0, count: side * side)
        switch Int.random(in: 0..<4, using: &generator) {
        case 0 where !digits.isEmpty:
            let digit = digits[Int.random(in: 0..<digits.count, using: &generator)]
            let top = Bool.random(using: &generator)
            for y in 0..<side {
                let source = top ? y / 2 : side / 2 + y / 2
                for x in 0..<side {
                    pixels[y * side + x] = digit[source * side + x]
                }
            }
        case 1 where !digits.isEmpty:
            let first = digits[Int.random(in: 0..<digits.count, using: &generator)]
            let second = digits[Int.random(in: 0..<digits.count, using: &generator)]
            for y in 0..<side {
                for x in 0..<side {
                    let source = 2 * x < side ? first : second
                    pixels[y * side + x] = source[y * side + min(side - 1, (2 * x) % side + 0)]
                }
            }
        case 2:
            let w = Int.random(in: 4...16, using: &generator), h = Int.random(in: 6...16, using: &generator)
            let x0 = (side - w) / 2, y0 = (side - h) / 2, round = Bool.random(using: &generator)
            for y in y0..<(y0 + h) {
                for x in x0..<(x0 + w) {
                    let dx = (Float(x - x0) + 0.5) / Float(w) - 0.5, dy = (Float(y - y0) + 0.5) / Float(h) - 0.5
                    if !round || dx * dx + dy * dy <= 0.25 { pixels[y * side + x] = 1 }
                }
            }
        default:
            for _ in 0..<Int.random(in: 3...9, using: &generator) {
                let x = Int.random(in: 2..<(side - 4), using: &generator), y = Int.random(in: 2..<(side - 4), using: &generator)
                let size = Int.random(in: 1...3, using: &generator)
                for yy in y..<(y + size) {
                    for xx in x..<(x + size) {
                        pixels[yy * side + xx] = 1
                    }
                }
            }
        }
        return pixels
    }

    private static func sample(_ image: [Float], _ side: Int, _ x: Float, _ y: Float) -> Float {
        guard x > -1, y > -1, x < Float(side), y < Float(side) else { return 0 }
        let x0 = Int(x.rounded(.down)), y0 = Int(y.rounded(.down))
        let fx = x - Float(x0), fy = y - Float(y0)
        func at(_ xx: Int, _ yy: Int) -> Float {
            xx >= 0 && yy >= 0 && xx < side && yy < side ? image[yy * side + xx] : 0
        }
        return (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy
    }

    private static func morph(_ image: [Float], _ side: Int, grow: Bool) -> [Float] {
        var out = image
        for y in 0..<side {
            for x in 0..<side {
                var value = image[y * side + x]
                for yy in max(0, y - 1)...min(side - 1, y + 1) {
                    for xx in max(0, x - 1)...min(side - 1, x + 1) where abs(xx - x) + abs(yy - y) == 1 {
                        value = grow ? max(value, image[yy * side + xx]) : min(value, image[yy * side + xx])
                    }
                }
                out[y * side + x] = value
            }
        }
        return out
    }
}
