/// A one-channel image of floating-point values: a map computed from a picture (how much each
/// pixel looks like an icon's colour, say) that matching and fusing work on.
public struct FloatImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height` values, row after row.
    public var values: [Float]

    /// An image of `width` x `height` filled with `value`.
    public init(width: Int, height: Int, value: Float = 0) {
        self.width = max(0, width)
        self.height = max(0, height)
        values = [Float](repeating: value, count: self.width * self.height)
    }

    /// An image over existing values; `values.count` must be `width * height`.
    public init(width: Int, height: Int, values: [Float]) {
        precondition(values.count == width * height, "value count does not match the size")
        self.width = width
        self.height = height
        self.values = values
    }

    /// A gray image's pixels as values 0 to 255.
    public init(_ image: GrayImage) {
        self.init(width: image.width, height: image.height, values: image.pixels.map { Float($0) })
    }

    public subscript(x: Int, y: Int) -> Float {
        get { values[y * width + x] }
        set { values[y * width + x] = newValue }
    }

    /// The mean of the values.
    public var mean: Float {
        values.isEmpty ? 0 : values.reduce(0, +) / Float(values.count)
    }

    /// Each value the smaller of this image's and `other`'s (same size): what two pictures of
    /// a still overlay over a moving scene both show.
    public func minimum(_ other: FloatImage) -> FloatImage {
        precondition(other.width == width && other.height == height, "images of different sizes")
        var out = values
        other.values.withUnsafeBufferPointer { theirs in
            for index in out.indices where theirs[index] < out[index] {
                out[index] = theirs[index]
            }
        }
        return FloatImage(width: width, height: height, values: out)
    }

    /// The part inside a box (clipped to the image).
    public func cropped(x: Int, y: Int, width w: Int, height h: Int) -> FloatImage {
        let x0 = max(0, min(width, x)), y0 = max(0, min(height, y))
        let x1 = max(x0, min(width, x + w)), y1 = max(y0, min(height, y + h))
        var out: [Float] = []
        out.reserveCapacity((x1 - x0) * (y1 - y0))
        for row in y0..<y1 {
            out.append(contentsOf: values[(row * width + x0)..<(row * width + x1)])
        }
        return FloatImage(width: x1 - x0, height: y1 - y0, values: out)
    }

    /// The image shrunk by a whole factor, each value the mean of its `factor` x `factor` block
    /// (a partial block at the right or bottom edge is left out).
    public func downsampled(by factor: Int) -> FloatImage {
        guard factor > 1 else { return self }
        let w = width / factor, h = height / factor
        guard w > 0, h > 0 else { return FloatImage(width: 0, height: 0) }
        var out = [Float](repeating: 0, count: w * h)
        let scale = 1 / Float(factor * factor)
        values.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for y in 0..<h {
                    for dy in 0..<factor {
                        let row = (y * factor + dy) * width
                        for x in 0..<w {
                            var sum: Float = 0
                            let start = row + x * factor
                            for dx in 0..<factor { sum += source[start + dx] }
                            target[y * w + x] += sum
                        }
                    }
                    for x in 0..<w { target[y * w + x] *= scale }
                }
            }
        }
        return FloatImage(width: w, height: h, values: out)
    }

    /// The image resampled to a new size (area averaging when shrinking, bilinear when growing).
    public func resized(width newWidth: Int, height newHeight: Int) -> FloatImage {
        guard newWidth > 0, newHeight > 0, width > 0, height > 0 else { return FloatImage(width: 0, height: 0) }
        if newWidth == width && newHeight == height { return self }
        var out = [Float](repeating: 0, count: newWidth * newHeight)
        let sx = Double(width) / Double(newWidth), sy = Double(height) / Double(newHeight)
        for y in 0..<newHeight {
            // The source span of this output row, averaged (bilinear when it is under a pixel).
            let y0 = Double(y) * sy, y1 = y0 + sy
            for x in 0..<newWidth {
                let x0 = Double(x) * sx, x1 = x0 + sx
                if sx >= 1 && sy >= 1 {
                    var sum = 0.0, area = 0.0
                    var row = Int(y0)
                    while Double(row) < y1 && row < height {
                        let wy = min(y1, Double(row + 1)) - max(y0, Double(row))
                        var column = Int(x0)
                        while Double(column) < x1 && column < width {
                            let wx = min(x1, Double(column + 1)) - max(x0, Double(column))
                            sum += Double(values[row * width + column]) * wx * wy
                            area += wx * wy
                            column += 1
                        }
                        row += 1
                    }
                    out[y * newWidth + x] = Float(area > 0 ? sum / area : 0)
                } else {
                    let fx = max(0, min(Double(width - 1), (Double(x) + 0.5) * sx - 0.5))
                    let fy = max(0, min(Double(height - 1), (Double(y) + 0.5) * sy - 0.5))
                    let ix = Int(fx), iy = Int(fy)
                    let jx = min(width - 1, ix + 1), jy = min(height - 1, iy + 1)
                    let ax = Float(fx - Double(ix)), ay = Float(fy - Double(iy))
                    let top = values[iy * width + ix] * (1 - ax) + values[iy * width + jx] * ax
                    let bottom = values[jy * width + ix] * (1 - ax) + values[jy * width + jx] * ax
                    out[y * newWidth + x] = top * (1 - ay) + bottom * ay
                }
            }
        }
        return FloatImage(width: newWidth, height: newHeight, values: out)
    }

    /// The values clamped to 0-255 as a gray image (for looking at a map).
    public var gray: GrayImage {
        GrayImage(width: width, height: height, pixels: values.map { UInt8(max(0, min(255, $0.rounded()))) })
    }
}

extension RGBImage {
    /// How much each pixel looks like `colour`: 255 for the colour itself, falling with the
    /// distance in RGB to 0 at `reach` and beyond.
    ///
    /// With `shades`, a pixel is measured against the shade of the colour nearest to it, the
    /// colour times a factor in that range: a saturated colour smeared darker by a coder or
    /// blended at a letter's edges keeps its hue long after it has lost its brightness.
    public func similarity(to colour: (r: Float, g: Float, b: Float), reach: Float = 200,
                           shades: ClosedRange<Float>? = nil) -> FloatImage {
        var out = [Float](repeating: 0, count: width * height)
        let scale = 255 / reach
        let norm = colour.r * colour.r + colour.g * colour.g + colour.b * colour.b
        let range = norm > 0 ? (shades ?? 1...1) : 1...1
        pixels.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for index in 0..<target.count {
                    let r = Float(source[3 * index]), g = Float(source[3 * index + 1]), b = Float(source[3 * index + 2])
                    var factor: Float = 1
                    if range.lowerBound != range.upperBound {
                        factor = min(range.upperBound, max(range.lowerBound, (r * colour.r + g * colour.g + b * colour.b) / norm))
                    }
                    let dr = r - factor * colour.r
                    let dg = g - factor * colour.g
                    let db = b - factor * colour.b
                    let distance = (dr * dr + dg * dg + db * db).squareRoot()
                    target[index] = max(0, 255 - distance * scale)
                }
            }
        }
        return FloatImage(width: width, height: height, values: out)
    }
}
