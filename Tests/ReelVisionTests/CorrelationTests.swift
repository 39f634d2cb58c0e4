import ReelVision
import Testing

/// Template correlation computes each place's cross term in blocks of vectors; every place,
/// in wide rows and in narrow windows at either edge, scores what one place at a time gives.
@Suite struct CorrelationTests {
    /// A pseudo-random image (the same every run).
    static func image(width: Int, height: Int, seed: UInt64) -> FloatImage {
        var state = seed
        let values = (0..<(width * height)).map { _ -> Float in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24)
        }
        return FloatImage(width: width, height: height, values: values)
    }

    /// The score at (x, y) summed one template pixel at a time, in the order the correlation
    /// promises (rows, then columns; zero weights skipped).
    static func reference(_ template: FloatImage, mask: [Bool], in image: FloatImage, x: Int, y: Int) -> Float {
        let counted = template.values.indices.filter { mask[$0] }
        let mean = counted.map { Double(template.values[$0]) }.reduce(0, +) / Double(counted.count)
        var weights = [Float](repeating: 0, count: template.values.count)
        var energy = 0.0
        for index in counted {
            let value = Double(template.values[index]) - mean
            weights[index] = Float(value)
            energy += value * value
        }
        var cross: Float = 0, sum = 0.0, squares = 0.0
        for r in 0..<template.height {
            for c in 0..<template.width {
                let pixel = image.values[(y + r) * image.width + x + c]
                sum += Double(pixel)
                squares += Double(pixel) * Double(pixel)
                let weight = weights[r * template.width + c]
                guard weight != 0 else { continue }
                cross += weight * pixel
            }
        }
        let count = Double(template.width * template.height)
        let variance = squares - sum * sum / count
        return variance > 1e-3 ? Float(Double(cross) / (energy * variance).squareRoot()) : 0
    }

    @Test(arguments: [(0...60, 0...5), (0...3, 2...4), (55...60, 0...1), (20...29, 3...3), (0...0, 0...0), (58...60, 5...5)])
    func everyPlaceScoresAsOneAtATime(xs: ClosedRange<Int>, ys: ClosedRange<Int>) {
        let image = Self.image(width: 72, height: 20, seed: 7)
        let template = Self.image(width: 12, height: 9, seed: 11)
        // A ring-shaped mask: zero weights inside rows, and a row of none.
        let mask = (0..<(12 * 9)).map { index in index / 12 != 4 && (index % 12 < 3 || index % 12 > 7 || index / 12 < 2) }
        let map = Correlation(template: template, mask: mask).scores(in: image, xs: xs, ys: ys)
        #expect(map.columns == xs.count && map.rows == ys.count)
        for y in ys {
            for x in xs {
                let got = map.scores[(y - map.y0) * map.columns + (x - map.x0)]
                let want = Self.reference(template, mask: mask, in: image, x: x, y: y)
                #expect(abs(got - want) <= 1e-5, "(\(x), \(y)): \(got) against \(want)")
            }
        }
    }
}
