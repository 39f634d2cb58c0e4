/// A place where a template fits an image, and how well.
public struct TemplateMatch: Sendable, Equatable {
    /// The top-left corner of the template in the image.
    public var x: Int
    public var y: Int
    /// Normalised cross-correlation, -1 to 1 (1: the same up to brightness and contrast).
    public var score: Double

    public init(x: Int, y: Int, score: Double) {
        self.x = x
        self.y = y
        self.score = score
    }
}

/// Scores of a template at a grid of places: `scores[(y - y0) * columns + (x - x0)]`.
public struct ScoreMap: Sendable {
    public var scores: [Float]
    public var columns: Int
    public var x0: Int
    public var y0: Int

    public var rows: Int { columns > 0 ? scores.count / columns : 0 }

    /// The best place, nil when there is none.
    public var best: TemplateMatch? {
        guard let index = scores.indices.max(by: { scores[$0] < scores[$1] }) else { return nil }
        return TemplateMatch(x: x0 + index % columns, y: y0 + index / columns, score: Double(scores[index]))
    }

    /// Up to `count` best places, each at least `separation` from the better ones (in x or y):
    /// the best, then the best outside the squares already taken, and so on (no sorting, so the
    /// cost is the map's size times `count`).
    public func peaks(count: Int, separation: Int) -> [TemplateMatch] {
        var remaining = scores
        var found: [TemplateMatch] = []
        let rows = self.rows
        while found.count < count {
            var bestIndex = -1
            var bestScore = -Float.infinity
            for index in remaining.indices where remaining[index] > bestScore {
                bestScore = remaining[index]
                bestIndex = index
            }
            guard bestIndex >= 0, bestScore > -Float.infinity else { break }
            let column = bestIndex % columns, row = bestIndex / columns
            found.append(TemplateMatch(x: x0 + column, y: y0 + row, score: Double(bestScore)))
            for y in max(0, row - separation + 1)..<min(rows, row + separation) {
                for x in max(0, column - separation + 1)..<min(columns, column + separation) {
                    remaining[y * columns + x] = -.infinity
                }
            }
        }
        return found
    }
}

/// Normalised cross-correlation of a template with every allowed place in an image.
///
/// The template's values are taken relative to their mean over its mask (pixels outside the
/// mask weigh nothing: the scene around an icon cut from a frame). Window sums come from
/// integral images, so each place costs one pass over the template for the cross term; the cost
/// of a search is bounded by the places allowed times the template's size, whatever the image
/// shows.
public struct Correlation: Sendable {
    public let width: Int
    public let height: Int
    private let weights: [Float]
    private let energy: Double
    /// Template rows holding any weight (rows of zeros are skipped).
    private let rows: [Int]

    /// A correlation for `template`; `mask` (one flag a pixel) picks the pixels that count.
    public init(template: FloatImage, mask: [Bool]? = nil) {
        width = template.width
        height = template.height
        let counted = mask ?? [Bool](repeating: true, count: template.values.count)
        var sum = 0.0, count = 0.0
        for index in template.values.indices where counted[index] {
            sum += Double(template.values[index])
            count += 1
        }
        let mean = count > 0 ? sum / count : 0
        var weights = [Float](repeating: 0, count: template.values.count)
        var energy = 0.0
        for index in template.values.indices where counted[index] {
            let value = Double(template.values[index]) - mean
            weights[index] = Float(value)
            energy += value * value
        }
        self.weights = weights
        self.energy = energy
        let width = template.width
        rows = (0..<template.height).filter { row in (0..<width).contains { weights[row * width + $0] != 0 } }
    }

    /// The scores at the places whose top-left corner lies in `xs` x `ys` (default: everywhere
    /// the template fits). Flat windows score 0.
    public func scores(in image: FloatImage, xs: ClosedRange<Int>? = nil, ys: ClosedRange<Int>? = nil) -> ScoreMap {
        let tw = width, th = height
        guard image.width >= tw, image.height >= th, tw > 0, th > 0, energy > 0 else {
            return ScoreMap(scores: [], columns: 0, x0: 0, y0: 0)
        }
        let xRange = (xs ?? 0...(image.width - tw)).clamped(to: 0...(image.width - tw))
        let yRange = (ys ?? 0...(image.height - th)).clamped(to: 0...(image.height - th))
        let integral = IntegralImage(image, x0: xRange.lowerBound, y0: yRange.lowerBound,
                                     width: xRange.count + tw - 1, height: yRange.count + th - 1)
        let count = Double(tw * th)
        let columns = xRange.count
        var scores = [Float](repeating: 0, count: columns * yRange.count)
        let imageWidth = image.width
        // The cross terms of a whole row of places at once, 32 places a block held in four
        // vector accumulators while every template pixel's weight times the image under it is
        // added (each place's sum in the same order as one at a time, so the same floats).
        var cross = [Float](repeating: 0, count: columns + 8)
        let x0 = xRange.lowerBound
        image.values.withUnsafeBufferPointer { pixelBuffer in
            weights.withUnsafeBufferPointer { templateBuffer in
                scores.withUnsafeMutableBufferPointer { out in
                    cross.withUnsafeMutableBufferPointer { crossBuffer in
                        guard let pixels = pixelBuffer.baseAddress, let template = templateBuffer.baseAddress,
                              let row = crossBuffer.baseAddress else { return }
                        for y in yRange {
                            let top = pixels + y * imageWidth + x0
                            var x = 0
                            while x + 32 <= columns {
                                var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
                                for r in rows {
                                    let imageRow = top + r * imageWidth + x
                                    for c in 0..<tw {
                                        let weight = template[r * tw + c]
                                        guard weight != 0 else { continue }
                                        let source = UnsafeRawPointer(imageRow + c)
                                        let splat = SIMD8<Float>(repeating: weight)
                                        a0 = a0 + splat * source.loadUnaligned(as: SIMD8<Float>.self)
                                        a1 = a1 + splat * source.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
                                        a2 = a2 + splat * source.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self)
                                        a3 = a3 + splat * source.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self)
                                    }
                                }
                                let target = UnsafeMutableRawPointer(row + x)
                                target.storeBytes(of: a0, as: SIMD8<Float>.self)
                                target.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self)
                                target.storeBytes(of: a2, toByteOffset: 64, as: SIMD8<Float>.self)
                                target.storeBytes(of: a3, toByteOffset: 96, as: SIMD8<Float>.self)
                                x += 32
                            }
                            while x + 8 <= columns {
                                var a0 = SIMD8<Float>()
                                for r in rows {
                                    let imageRow = top + r * imageWidth + x
                                    for c in 0..<tw {
                                        let weight = template[r * tw + c]
                                        guard weight != 0 else { continue }
                                        a0 = a0 + SIMD8<Float>(repeating: weight)
                                            * UnsafeRawPointer(imageRow + c).loadUnaligned(as: SIMD8<Float>.self)
                                    }
                                }
                                UnsafeMutableRawPointer(row + x).storeBytes(of: a0, as: SIMD8<Float>.self)
                                x += 8
                            }
                            // The last places (fewer than 8, or all of a narrow window): eight
                            // places that fit in the image and end with them, lanes past them unused.
                            let last = min(x0 + x, imageWidth - tw - 7)
                            if x < columns, last >= 0 {
                                var a0 = SIMD8<Float>()
                                for r in rows {
                                    let imageRow = pixels + (y + r) * imageWidth + last
                                    for c in 0..<tw {
                                        let weight = template[r * tw + c]
                                        guard weight != 0 else { continue }
                                        a0 = a0 + SIMD8<Float>(repeating: weight)
                                            * UnsafeRawPointer(imageRow + c).loadUnaligned(as: SIMD8<Float>.self)
                                    }
                                }
                                for lane in (x0 + x - last)..<(x0 + columns - last) {
                                    row[last + lane - x0] = a0[lane]
                                }
                                x = columns
                            }
                            while x < columns {
                                var sum: Float = 0
                                for r in rows {
                                    let imageRow = top + r * imageWidth + x
                                    for c in 0..<tw {
                                        let weight = template[r * tw + c]
                                        guard weight != 0 else { continue }
                                        sum += weight * imageRow[c]
                                    }
                                }
                                row[x] = sum
                                x += 1
                            }
                            for x in xRange {
                                let (sum, squares) = integral.sums(x: x, y: y, width: tw, height: th)
                                let variance = squares - sum * sum / count
                                guard variance > 1e-3 else { continue }
                                out[(y - yRange.lowerBound) * columns + (x - x0)] =
                                    Float(Double(row[x - x0]) / (energy * variance).squareRoot())
                            }
                        }
                    }
                }
            }
        }
        return ScoreMap(scores: scores, columns: columns, x0: xRange.lowerBound, y0: yRange.lowerBound)
    }

    /// The dot product of `count` floats at `a` and `b`, eight at a time.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var sums = SIMD8<Float>()
        var index = 0
        while index + 8 <= count {
            let left = UnsafeRawPointer(a + index).loadUnaligned(as: SIMD8<Float>.self)
            let right = UnsafeRawPointer(b + index).loadUnaligned(as: SIMD8<Float>.self)
            sums += left * right
            index += 8
        }
        var total = sums.sum()
        while index < count {
            total += a[index] * b[index]
            index += 1
        }
        return total
    }

    /// The best place (within `xs`, `ys` when given), nil when the template does not fit.
    public func best(in image: FloatImage, xs: ClosedRange<Int>? = nil, ys: ClosedRange<Int>? = nil) -> TemplateMatch? {
        scores(in: image, xs: xs, ys: ys).best
    }
}

/// Normalised cross-correlation of a gray template with a gray image.
public struct TemplateMatcher: Sendable {
    public let template: GrayImage
    private let correlation: Correlation

    public init(template: GrayImage) {
        self.template = template
        correlation = Correlation(template: FloatImage(template))
    }

    /// The score at every allowed place (see `Correlation.scores`).
    public func scores(in image: GrayImage, xs: ClosedRange<Int>? = nil, ys: ClosedRange<Int>? = nil) -> ScoreMap {
        correlation.scores(in: FloatImage(image), xs: xs, ys: ys)
    }

    /// The best place for the template (within `xs`, `ys` when given), or nil when it does not fit.
    public func best(in image: GrayImage, xs: ClosedRange<Int>? = nil, ys: ClosedRange<Int>? = nil) -> TemplateMatch? {
        scores(in: image, xs: xs, ys: ys).best
    }
}

/// Sums of values and of squares over rectangles in constant time, for one region of an
/// image (only the region a search needs is summed).
struct IntegralImage {
    let width: Int
    private let originX: Int
    private let originY: Int
    private let sums: [Double]
    private let squares: [Double]

    /// The integral of the region `x0..<x0+w`, `y0..<y0+h` of `image`.
    init(_ image: FloatImage, x0: Int, y0: Int, width w: Int, height h: Int) {
        width = w + 1
        originX = x0
        originY = y0
        let stride = width
        var sums = [Double](repeating: 0, count: stride * (h + 1))
        var squares = sums
        image.values.withUnsafeBufferPointer { pixels in
            sums.withUnsafeMutableBufferPointer { sums in
                squares.withUnsafeMutableBufferPointer { squares in
                    for y in 0..<h {
                        var rowSum = 0.0, rowSquares = 0.0
                        let source = (y0 + y) * image.width + x0
                        let above = y * stride, here = (y + 1) * stride
                        for x in 0..<w {
                            let value = Double(pixels[source + x])
                            rowSum += value
                            rowSquares += value * value
                            sums[here + x + 1] = sums[above + x + 1] + rowSum
                            squares[here + x + 1] = squares[above + x + 1] + rowSquares
                        }
                    }
                }
            }
        }
        self.sums = sums
        self.squares = squares
    }

    /// The sums over the rectangle at image coordinates (x, y) of size w x h.
    func sums(x: Int, y: Int, width w: Int, height h: Int) -> (Double, Double) {
        let a = (y - originY) * width + (x - originX), b = a + w, c = a + h * width, d = c + w
        return (sums[d] - sums[b] - sums[c] + sums[a], squares[d] - squares[b] - squares[c] + squares[a])
    }
}
