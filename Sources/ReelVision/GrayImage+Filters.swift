extension GrayImage {
    /// The pixel-wise mean of images of one size (e.g. neighbouring frames: what stays still,
    /// like a HUD, stays sharp; what moves blurs).
    public static func mean(of images: [GrayImage]) -> GrayImage? {
        guard let first = images.first, images.allSatisfy({ $0.width == first.width && $0.height == first.height }) else {
            return nil
        }
        var sums = [Int](repeating: 0, count: first.pixels.count)
        for image in images {
            for index in 0..<sums.count {
                sums[index] += Int(image.pixels[index])
            }
        }
        let count = images.count
        return GrayImage(width: first.width, height: first.height,
                         pixels: sums.map { UInt8(($0 + count / 2) / count) })
    }

    /// The pixel-wise minimum of images of one size (a bright still HUD over a moving scene
    /// keeps its brightness; the scene darkens).
    public static func minimum(of images: [GrayImage]) -> GrayImage? {
        guard var result = images.first, images.allSatisfy({ $0.width == result.width && $0.height == result.height }) else {
            return nil
        }
        for image in images.dropFirst() {
            for index in 0..<result.pixels.count where image.pixels[index] < result.pixels[index] {
                result.pixels[index] = image.pixels[index]
            }
        }
        return result
    }

    /// The median of each pixel's `size` x `size` neighbourhood (`size` odd; edges repeat).
    public func medianBlurred(size: Int = 3) -> GrayImage {
        precondition(size % 2 == 1 && size >= 1, "median size must be odd")
        let radius = size / 2
        guard radius > 0, width > 0, height > 0 else { return self }
        var out = self
        var window = [UInt8](repeating: 0, count: size * size)
        let middle = size * size / 2
        for y in 0..<height {
            for x in 0..<width {
                var index = 0
                for dy in -radius...radius {
                    let row = Swift.min(height - 1, Swift.max(0, y + dy)) * width
                    for dx in -radius...radius {
                        window[index] = pixels[row + Swift.min(width - 1, Swift.max(0, x + dx))]
                        index += 1
                    }
                }
                window.sort()
                out.pixels[y * width + x] = window[middle]
            }
        }
        return out
    }

    /// Each pixel the maximum of its 3x3 neighbourhood (a binary mask grows by a pixel).
    public func dilated() -> GrayImage {
        extreme3x3(Swift.max)
    }

    /// Each pixel the minimum of its 3x3 neighbourhood (a binary mask shrinks by a pixel).
    public func eroded() -> GrayImage {
        extreme3x3(Swift.min)
    }

    /// Each pixel the extreme (by `pick`) of its 3x3 neighbourhood, edges repeated.
    private func extreme3x3(_ pick: (UInt8, UInt8) -> UInt8) -> GrayImage {
        var rows = self
        // Horizontal then vertical: separable.
        for y in 0..<height {
            for x in 0..<width {
                var value = pixels[y * width + x]
                if x > 0 { value = pick(value, pixels[y * width + x - 1]) }
                if x + 1 < width { value = pick(value, pixels[y * width + x + 1]) }
                rows.pixels[y * width + x] = value
            }
        }
        var out = rows
        for y in 0..<height {
            for x in 0..<width {
                var value = rows.pixels[y * width + x]
                if y > 0 { value = pick(value, rows.pixels[(y - 1) * width + x]) }
                if y + 1 < height { value = pick(value, rows.pixels[(y + 1) * width + x]) }
                out.pixels[y * width + x] = value
            }
        }
        return out
    }

    /// The bounding box [x, y, w, h] of the pixels for which `selected` holds, or nil.
    public func boundingBox(of selected: (UInt8) -> Bool) -> (x: Int, y: Int, width: Int, height: Int)? {
        var minX = width, minY = height, maxX = -1, maxY = -1
        for y in 0..<height {
            for x in 0..<width where selected(pixels[y * width + x]) {
                minX = Swift.min(minX, x); maxX = Swift.max(maxX, x)
                minY = Swift.min(minY, y); maxY = Swift.max(maxY, y)
            }
        }
        return maxX < 0 ? nil : (minX, minY, maxX - minX + 1, maxY - minY + 1)
    }
}
