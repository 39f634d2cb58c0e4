import ReelVision

/// A way a region's text can stand out from what is behind it.
public enum TextView: String, Sendable, CaseIterable {
    /// White or grey text: light in each pixel's smallest channel, where any saturated colour
    /// of the scene turns dark.
    case neutral
    /// Light text of any colour (a yellow banner): light in luma.
    case light
    /// Dark text on a lighter ground (a score on a light pill): dark in luma.
    case dark
    /// Coloured text over a grey or black-and-white scene (orange over a maze): bright in each
    /// pixel's chroma (largest channel less smallest).
    case colour
}

/// The gray images a region's text is looked for in, each with its ink bright (the dark view
/// inverted), so that every view is read and fused the same way: at full resolution (for
/// reading) and shrunk by a whole `factor` (for finding lines cheaply).
public struct TextViews: Sendable {
    public let width: Int
    public let height: Int
    /// The shrinking factor of `small`.
    public let factor: Int
    public let full: [TextView: GrayImage]
    public private(set) var small: [TextView: GrayImage]

    /// The views of a colour region that `polarity` allows, shrunk to about `detectionHeight`.
    public init(_ image: RGBImage, polarity: TextPolarity, detectionHeight: Int) {
        width = image.width
        height = image.height
        factor = max(1, image.height / max(1, detectionHeight))
        let count = image.width * image.height
        let light = polarity != .dark
        var neutral = [UInt8](repeating: 0, count: light ? count : 0)
        var chroma = [UInt8](repeating: 0, count: light ? count : 0)
        var luma = [UInt8](repeating: 0, count: count)
        image.pixels.withUnsafeBufferPointer { source in
            luma.withUnsafeMutableBufferPointer { luma in
                neutral.withUnsafeMutableBufferPointer { neutral in
                    chroma.withUnsafeMutableBufferPointer { chroma in
                        for index in 0..<count {
                            let r = source[3 * index], g = source[3 * index + 1], b = source[3 * index + 2]
                            let red = 19595 * Int(r), green = 38470 * Int(g), blue = 7471 * Int(b)
                            luma[index] = UInt8(truncatingIfNeeded: (red + green + blue + 32768) >> 16)
                            if light {
                                let low = min(r, min(g, b))
                                neutral[index] = low
                                chroma[index] = max(r, max(g, b)) - low
                            }
                        }
                    }
                }
            }
        }
        var full: [TextView: GrayImage] = [:]
        let lumaImage = GrayImage(width: width, height: height, pixels: luma)
        if light {
            full[.neutral] = GrayImage(width: width, height: height, pixels: neutral)
            full[.light] = lumaImage
            full[.colour] = GrayImage(width: width, height: height, pixels: chroma)
        }
        if polarity != .light {
            full[.dark] = lumaImage.inverted()
        }
        self.full = full
        let factor = self.factor
        small = full.mapValues { $0.downsampled(by: factor) }
    }

    /// The views of a gray region that `polarity` allows, shrunk to about `detectionHeight`.
    public init(_ image: GrayImage, polarity: TextPolarity, detectionHeight: Int) {
        width = image.width
        height = image.height
        factor = max(1, image.height / max(1, detectionHeight))
        var full: [TextView: GrayImage] = [:]
        if polarity != .dark { full[.light] = image }
        if polarity != .light { full[.dark] = image.inverted() }
        self.full = full
        let factor = self.factor
        small = full.mapValues { $0.downsampled(by: factor) }
    }

    /// Whether another frame's views of the region line up with these.
    public func matches(_ other: TextViews) -> Bool {
        other.width == width && other.height == height && other.factor == factor
    }
}

extension GrayImage {
    /// The pixel-wise minimum with another image of the same size: what two frames both show
    /// bright (a still HUD over a moving scene).
    public func minimum(_ other: GrayImage) -> GrayImage {
        precondition(other.width == width && other.height == height, "images of different sizes")
        var out = pixels
        out.withUnsafeMutableBufferPointer { mine in
            other.pixels.withUnsafeBufferPointer { theirs in
                for index in 0..<mine.count where theirs[index] < mine[index] {
                    mine[index] = theirs[index]
                }
            }
        }
        return GrayImage(width: width, height: height, pixels: out)
    }
}
