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
            let y0 = Int(sy), y1 = min(height - 1, y0 + 1), fy = sy - Double(y0)
            for x in 0..<newWidth {
                let sx = max(0, min(Double(width - 1), (Double(x) + 0.5) * scaleX - 0.5))
                let x0 = Int(sx), x1 = min(width - 1, x0 + 1), fx = sx - Double(x0)
                let top = Double(self[x0, y0]) * (1 - fx) + Double(self[x1, y0]) * fx
                let bottom = Double(self[x0, y1]) * (1 - fx) + Double(self[x1, y1]) * fx
                out[x, y] = UInt8((top * (1 - fy) + bottom * fy).rounded())
            }
        }
        return out
    }

    /// Box-filter downscaling: each output pixel averages the source area it covers.
    private func shrunk(width newWidth: Int, height newHeight: Int) -> GrayImage {
        var out = GrayImage(width: newWidth, height: newHeight)
        let scaleX = Double(width) / Double(newWidth), scaleY = Double(height) / Double(newHeight)
        for y in 0..<newHeight {
            let top = Double(y) * scaleY, bottom = Double(y + 1) * scaleY
            for x in 0..<newWidth {
                let left = Double(x) * scaleX, right = Double(x + 1) * scaleX
                var sum = 0.0, area = 0.0
                var row = Int(top)
                while Double(row) < bottom && row < height {
                    let cover = min(bottom, Double(row + 1)) - max(top, Double(row))
                    var column = Int(left)
                    while Double(column) < right && column < width {
                        let weight = cover * (min(right, Double(column + 1)) - max(left, Double(column)))
                        sum += weight * Double(pixels[row * width + column])
                        area += weight
                        column += 1
                    }
                    row += 1
                }
                out[x, y] = UInt8(max(0, min(255, (sum / max(area, 1e-9)).rounded())))
            }
        }
        return out
    }
}
