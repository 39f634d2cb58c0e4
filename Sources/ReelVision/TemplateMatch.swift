/// A place where a template fits an image, and how well.
public struct TemplateMatch: Sendable, Equatable {
    /// The top-left corner of the template in the image.
    public var x: Int
    public var y: Int
    /// Normalised cross-correlation, -1 to 1 (1: the same up to brightness and contrast).
    public var score: Double
}

/// Normalised cross-correlation of a template with every place in an image.
///
/// Sums over image windows come from integral images (of values and squares), so each place
/// costs one pass over the template's pixels for the cross term only.
public struct TemplateMatcher: Sendable {
    public let template: GrayImage
    private let values: [Double]
    private let energy: Double

    /// A matcher for `template` (its mean is removed once here).
    public init(template: GrayImage) {
        self.template = template
        let count = Double(max(1, template.pixels.count))
        let mean = template.pixels.reduce(0.0) { $0 + Double($1) } / count
        values = template.pixels.map { Double($0) - mean }
        energy = values.reduce(0.0) { $0 + $1 * $1 }
    }

    /// The score of the template at every allowed place: `scores[(y - y0) * columns + (x - x0)]`
    /// for the corners in `area` (default: everywhere it fits). Flat windows score 0.
    public func scores(in image: GrayImage, xs: ClosedRange<Int>? = nil, ys: ClosedRange<Int>? = nil)
        -> (scores: [Double], columns: Int, x0: Int, y0: Int)
    {
        let tw = template.width, th = template.height
        guard image.width >= tw, image.height >= th, energy > 0 else { return ([], 0, 0, 0) }
        let xRange = (xs ?? 0...(image.width - tw)).clamped(to: 0...(image.width - tw))
        let yRange = (ys ?? 0...(image.height - th)).clamped(to: 0...(image.height - th))
        let integral = IntegralImage(image, x0: xRange.lowerBound, y0: yRange.lowerBound,
                                     width: xRange.count + tw - 1, height: yRange.count + th - 1)
        let count = Double(tw * th)
        let columns = xRange.count
        var scores = [Double](repeating: 0, count: columns * yRange.count)
        image.pixels.withUnsafeBufferPointer { pixels in
            values.withUnsafeBufferPointer { template in
                for y in yRange {
                    for x in xRange {
                        let (sum, squares) = integral.sums(x: x, y: y, width: tw, height: th)
                        let variance = squares - sum * sum / count
                        guard variance > 1e-6 else { continue }
                        var cross = 0.0
                        for row in 0..<th {
                            let imageRow = (y + row) * image.width + x, templateRow = row * tw
                            for column in 0..<tw {
                                cross += template[templateRow + column] * Double(pixels[imageRow + column])
                            }
                        }
                        scores[(y - yRange.lowerBound) * columns + (x - xRange.lowerBound)] = cross / (energy * variance).squareRoot()
                    }
                }
            }
        }
        return (scores, columns, xRange.lowerBound, yRange.lowerBound)
    }

    /// The best place for the template (within `xs`, `ys` when given), or nil when it does not fit.
    public func best(in image: GrayImage, xs: ClosedRange<Int>? = nil, ys: ClosedRange<Int>? = nil) -> TemplateMatch? {
        let result = scores(in: image, xs: xs, ys: ys)
        guard let index = result.scores.indices.max(by: { result.scores[$0] < result.scores[$1] }) else { return nil }
        return TemplateMatch(x: result.x0 + index % result.columns, y: result.y0 + index / result.columns,
                             score: result.scores[index])
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
    init(_ image: GrayImage, x0: Int, y0: Int, width w: Int, height h: Int) {
        width = w + 1
        originX = x0
        originY = y0
        let stride = width
        var sums = [Double](repeating: 0, count: stride * (h + 1))
        var squares = sums
        image.pixels.withUnsafeBufferPointer { pixels in
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
