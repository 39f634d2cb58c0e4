import ReelCore

extension GrayImage {
    /// The part of the image inside a box (clipped to the image).
    public func cropped(x: Int, y: Int, width w: Int, height h: Int) -> GrayImage {
        let x0 = max(0, min(width, x)), y0 = max(0, min(height, y))
        let x1 = max(x0, min(width, x + w)), y1 = max(y0, min(height, y + h))
        var out = [UInt8]()
        out.reserveCapacity((x1 - x0) * (y1 - y0))
        for row in y0..<y1 {
            out.append(contentsOf: pixels[(row * width + x0)..<(row * width + x1)])
        }
        return GrayImage(width: x1 - x0, height: y1 - y0, pixels: out)
    }

    /// The image inside a border of `margin` pixels of `value`.
    public func padded(by margin: Int, value: UInt8) -> GrayImage {
        var out = GrayImage(width: width + 2 * margin, height: height + 2 * margin, value: value)
        for row in 0..<height {
            let target = (row + margin) * out.width + margin
            out.pixels.replaceSubrange(target..<(target + width), with: pixels[(row * width)..<((row + 1) * width)])
        }
        return out
    }

    /// Each pixel `255 - value`.
    public func inverted() -> GrayImage {
        GrayImage(width: width, height: height, pixels: pixels.map { 255 &- $0 })
    }

    /// The image scaled to `newWidth` x `newHeight`: area averaging when shrinking, bilinear
    /// interpolation when growing.
    public func resized(width newWidth: Int, height newHeight: Int) -> GrayImage {
        guard newWidth > 0, newHeight > 0, width > 0, height > 0 else {
            return GrayImage(width: max(0, newWidth), height: max(0, newHeight))
        }
        if newWidth == width && newHeight == height {
            return self
        }
        if newWidth <= width && newHeight <= height {
            return shrunk(width: newWidth, height: newHeight)
        }
        var out = GrayImage(width: newWidth, height: newHeight)
        let scaleX = Double(width) / Double(newWidth), scaleY = Double(height) / Double(newHeight)
        for y in 0..<newHeight {
            let sy = max(0, min(Double(height - 1), (Double(y) + 0.5) * scaleY - 0.5))
            let y0 = Int(saturating: sy, rounding: .towardZero), y1 = min(height - 1, y0 + 1), fy = sy - Double(y0)
            for x in 0..<newWidth {
                let sx = max(0, min(Double(width - 1), (Double(x) + 0.5) * scaleX - 0.5))
                let x0 = Int(saturating: sx, rounding: .towardZero), x1 = min(width - 1, x0 + 1), fx = sx - Double(x0)
                let top = Double(self[x0, y0]) * (1 - fx) + Double(self[x1, y0]) * fx
                let bottom = Double(self[x0, y1]) * (1 - fx) + Double(self[x1, y1]) * fx
                out[x, y] = UInt8((top * (1 - fy) + bottom * fy).rounded())
            }
        }
        return out
    }

    /// Box-filter downscaling: each output pixel averages the source area it covers.
    /// Separable: rows are shrunk across first, then the columns of the result down.
    private func shrunk(width newWidth: Int, height newHeight: Int) -> GrayImage {
        let columns = Self.coverage(from: width, to: newWidth)
        let rows = Self.coverage(from: height, to: newHeight)
        var across = [Double](repeating: 0, count: newWidth * height)
        var out = GrayImage(width: newWidth, height: newHeight)
        pixels.withUnsafeBufferPointer { pixels in
            across.withUnsafeMutableBufferPointer { across in
                for row in 0..<height {
                    let source = row * width, target = row * newWidth
                    for x in 0..<newWidth {
                        var sum = 0.0
                        for (column, weight) in columns.spans[x] { sum += weight * Double(pixels[source + column]) }
                        across[target + x] = sum
                    }
                }
            }
        }
        out.pixels.withUnsafeMutableBufferPointer { output in
            across.withUnsafeBufferPointer { across in
                for y in 0..<newHeight {
                    for x in 0..<newWidth {
                        var sum = 0.0
                        for (row, weight) in rows.spans[y] { sum += weight * across[row * newWidth + x] }
                        let area = max(rows.areas[y] * columns.areas[x], 1e-9)
                        output[y * newWidth + x] = UInt8(max(0, min(255, (sum / area).rounded())))
                    }
                }
            }
        }
        return out
    }

    /// For each output position, the source positions it covers with their weights.
    private static func coverage(from size: Int, to newSize: Int) -> (spans: [[(Int, Double)]], areas: [Double]) {
        let scale = Double(size) / Double(newSize)
        var spans: [[(Int, Double)]] = []
        var areas: [Double] = []
        for index in 0..<newSize {
            let low = Double(index) * scale, high = Double(index + 1) * scale
            var span: [(Int, Double)] = []
            var area = 0.0
            var position = Int(saturating: low, rounding: .towardZero)
            while Double(position) < high && position < size {
                let weight = min(high, Double(position + 1)) - max(low, Double(position))
                span.append((position, weight))
                area += weight
                position += 1
            }
            spans.append(span)
            areas.append(area)
        }
        return (spans, areas)
    }
}
