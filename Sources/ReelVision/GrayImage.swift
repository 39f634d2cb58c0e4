/// An 8-bit gray image, rows top to bottom, no padding.
public struct GrayImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height` pixels, row after row.
    public var pixels: [UInt8]

    /// An image of `width` x `height` filled with `value`.
    public init(width: Int, height: Int, value: UInt8 = 0) {
        precondition(width >= 0 && height >= 0, "negative image size")
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: value, count: width * height)
    }

    /// An image over existing pixels; `pixels.count` must be `width * height`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height, "pixel count does not match the size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The pixel at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> UInt8 {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }
}

/// An 8-bit RGB image, 3 bytes a pixel, rows top to bottom, no padding.
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height * 3` bytes: R, G, B of each pixel, row after row.
    public var pixels: [UInt8]

    /// An image over existing pixels; `pixels.count` must be `width * height * 3`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "pixel count does not match the size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The (r, g, b) of the pixel at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        let index = (y * width + x) * 3
        return (pixels[index], pixels[index + 1], pixels[index + 2])
    }

    /// Each pixel's smallest channel: white and grey stay bright, any saturated colour turns
    /// dark (light text over a colourful scene stands out far more than in luma).
    public var minimumChannel: GrayImage {
        GrayImage(width: width, height: height, pixels: (0..<(width * height)).map { index in
            Swift.min(pixels[3 * index], pixels[3 * index + 1], pixels[3 * index + 2])
        })
    }

    /// Each pixel's largest channel: black and dark grey stay dark, saturated colours turn bright.
    public var maximumChannel: GrayImage {
        GrayImage(width: width, height: height, pixels: (0..<(width * height)).map { index in
            Swift.max(pixels[3 * index], pixels[3 * index + 1], pixels[3 * index + 2])
        })
    }

    /// The part of the image inside a box (clipped to the image).
    public func cropped(x: Int, y: Int, width w: Int, height h: Int) -> RGBImage {
        let x0 = Swift.max(0, Swift.min(width, x)), y0 = Swift.max(0, Swift.min(height, y))
        let x1 = Swift.max(x0, Swift.min(width, x + w)), y1 = Swift.max(y0, Swift.min(height, y + h))
        var out: [UInt8] = []
        out.reserveCapacity((x1 - x0) * (y1 - y0) * 3)
        for row in y0..<y1 {
            out.append(contentsOf: pixels[((row * width + x0) * 3)..<((row * width + x1) * 3)])
        }
        return RGBImage(width: x1 - x0, height: y1 - y0, pixels: out)
    }

    /// The image in gray (ITU-R BT.601 luma, as libswscale computes it for gray output).
    public var gray: GrayImage {
        var out = [UInt8](repeating: 0, count: width * height)
        for index in 0..<(width * height) {
            let r = Int(pixels[3 * index]), g = Int(pixels[3 * index + 1]), b = Int(pixels[3 * index + 2])
            out[index] = UInt8((19595 * r + 38470 * g + 7471 * b + 32768) >> 16)
        }
        return GrayImage(width: width, height: height, pixels: out)
    }
}
