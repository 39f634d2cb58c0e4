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
    /// Text of another colour than what most of the region shows (orange over a saturated
    /// green, as light and as colourful as it): bright in each pixel's distance from that colour.
    case background
    /// Text of another hue than the scene's colour where the scene is that colour and black
    /// (green text over green-and-black cells, as light as each other): bright in the part of
    /// each pixel's colour off the direction of the scene's most common bright colour (black
    /// and the scene's colour at any brightness are 0).
    case hue
    /// Light text on a dark box or plate over a scene as bright as the text (a scoreboard over
    /// a sunlit pitch): light in luma, inside the region's dark surfaces only.
    case boxed
}

/// The gray images a region's text is looked for in, each with its ink bright (the dark view
/// inverted), so that every view is read and fused the same way: shrunk by a whole `factor`
/// (for finding lines cheaply), and at full resolution for any box (for reading a line).
public struct TextViews: Sendable {
    public let width: Int
    public let height: Int
    /// The shrinking factor of `small`.
    public let factor: Int
    /// The views the polarity allows.
    public let views: [TextView]
    /// Each view of the shrunk region.
    public private(set) var small: [TextView: GrayImage]
    /// Where dark text may be: the light surfaces of the region (a pill, a plate, a page), in
    /// its own pixels. The dark view is ink only inside them.
    public var surfaces: [(x: Int, y: Int, width: Int, height: Int)] {
        surfaceShapes.map { ($0.x * factor, $0.y * factor, $0.width * factor, $0.height * factor) }
    }
    /// The surfaces in the shrunk region's pixels, each with its extent along every row.
    private var surfaceShapes: [Surface] = []
    /// The dark surfaces (boxes, plates) light text may sit on, in the shrunk region's pixels:
    /// the boxed view is ink only inside them.
    private let boxShapes: [Surface]
    private let colour: RGBImage?
    private let gray: GrayImage?
    /// The colour most of the region shows (for the `background` view).
    private let dominant: (r: Int, g: Int, b: Int)
    /// The scene's most common bright colour (for the `hue` view).
    private let sceneColour: (r: Int, g: Int, b: Int)

    /// The views of a colour region that `polarity` allows, shrunk to about `detectionHeight`.
    public init(_ image: RGBImage, polarity: TextPolarity, detectionHeight: Int) {
        width = image.width
        height = image.height
        factor = max(1, image.height / max(1, detectionHeight))
        colour = image
        gray = nil
        let shrunk = image.downsampled(by: factor)
        let (common, share) = Self.dominantColour(of: shrunk)
        dominant = common
        // Measured from the region's colour only where it has one (half of it or more): over a
        // textured scene every pixel is far from the most common colour.
        // The hue view where no one colour fills the region but the scene is one hue and black
        // (cells of one colour on black). Over a grey scene it would be the colour view again.
        let hue = share < 0.5 ? Self.sceneHue(of: shrunk) : nil
        sceneColour = hue ?? (0, 0, 0)
        let hasHue = hue != nil
        var wanted = Self.views(polarity: polarity, colour: true).filter { view in
            switch view {
            case .background: share >= 0.5
            case .hue: hasHue
            default: true
            }
        }
        var made = Self.make(wanted, from: shrunk, dominant: dominant, sceneColour: sceneColour)
        boxShapes = Self.boxes(in: made[.boxed], of: &wanted, small: &made)
        views = wanted
        small = made
        maskDark()
    }

    /// The views of a gray region that `polarity` allows, shrunk to about `detectionHeight`.
    public init(_ image: GrayImage, polarity: TextPolarity, detectionHeight: Int) {
        width = image.width
        height = image.height
        factor = max(1, image.height / max(1, detectionHeight))
        var wanted = Self.views(polarity: polarity, colour: false)
        colour = nil
        gray = image
        dominant = (0, 0, 0)
        sceneColour = (0, 0, 0)
        let shrunk = image.downsampled(by: factor)
        var made: [TextView: GrayImage] = [:]
        for view in wanted { made[view] = view == .dark ? shrunk.inverted() : shrunk }
        boxShapes = Self.boxes(in: made[.boxed], of: &wanted, small: &made)
        views = wanted
        small = made
        maskDark()
    }

    /// The dark boxes of a shrunk region, found in its luma, and the boxed view masked to them;
    /// the view is dropped from `views` and `small` when the region shows none (nothing to look
    /// at).
    private static func boxes(in luma: GrayImage?, of views: inout [TextView],
                              small: inout [TextView: GrayImage]) -> [Surface] {
        guard let luma, luma.width > 0, luma.height > 0, let brightness = small[.boxed] else { return [] }
        // Dark: under Otsu's split of the region, and dark in itself (a box over a dark scene is
        // part of the scene, and the other views find light text there); else under the split
        // of what lies below that (a dark box over a scene of mid-tones and white: blue and
        // white cells). A box is part of the region, not all of it (a region cut to its box
        // reads in the light view).
        let split = luma.otsuThreshold()
        var found: [Surface] = []
        for threshold in [min(split, 120), min(luma.otsuThreshold(over: 0...split), 120)] where found.isEmpty {
            found = solidShapes(in: luma, maximumShare: 0.6) { $0 < threshold }
        }
        guard !found.isEmpty else {
            views.removeAll { $0 == .boxed }
            small[.boxed] = nil
            return []
        }
        small[.boxed] = masked(brightness, to: found, factor: 1, originX: 0, originY: 0)
        return found
    }

    /// A surface in the shrunk region (a light pill, a dark box): its box and, per row, the first
    /// and last column it covers there (a pill's rounded ends are not surface).
    struct Surface {
        var x: Int, y: Int, width: Int, height: Int
        var rows: [(first: Int, last: Int)]
    }

    /// Keeps the dark view's ink inside light surfaces only: dark text sits on something light
    /// (a pill, a plate); outside one, darkness is the scene or a dark box, not text.
    private mutating func maskDark() {
        guard let dark = small[.dark], dark.width > 0, dark.height > 0 else { return }
        let light = dark.inverted()
        let threshold = max(light.otsuThreshold(), 150)
        surfaceShapes = Self.solidShapes(in: light, maximumShare: 1) { $0 >= threshold }
        small[.dark] = Self.masked(dark, to: surfaceShapes, factor: 1, originX: 0, originY: 0)
    }

    /// The solid shapes of the `selected` pixels of a shrunk view that could hold a line of
    /// text: at least a fifth of the region tall, wider than tall, filling 60 % of their box or
    /// more (a letter does not, nor is it as wide for its height), their box no more than
    /// `maximumShare` of the region.
    static func solidShapes(in image: GrayImage, maximumShare: Double, selected: (UInt8) -> Bool) -> [Surface] {
        let minimumHeight = max(4, image.height / 5)
        let shapes = ConnectedComponents(image, selected: selected)
        let largest = maximumShare * Double(image.width * image.height)
        let found = shapes.components.filter { shape in
            shape.height >= minimumHeight && 10 * shape.width >= 13 * shape.height && shape.area >= 24 && shape.fill >= 0.6
                && Double(shape.width * shape.height) <= largest
        }
        return found.map { shape in
            var rows = [(first: Int, last: Int)](repeating: (Int.max, -1), count: shape.height)
            for row in 0..<shape.height {
                let y = shape.y + row
                for x in shape.x..<(shape.x + shape.width) where shapes.labels[y * image.width + x] == Int32(shape.label) {
                    rows[row].first = min(rows[row].first, x)
                    rows[row].last = max(rows[row].last, x)
                }
            }
            return Surface(x: shape.x, y: shape.y, width: shape.width, height: shape.height, rows: rows)
        }
    }

    /// An image with every pixel outside the surfaces set to 0 (surfaces in shrunk pixels,
    /// `factor` times smaller than the image, whose top left lies at `originX`, `originY` of the
    /// full region). At full size a surface's row extent loses a pixel at each end (its edge).
    static func masked(_ image: GrayImage, to surfaces: [Surface], factor: Int, originX: Int, originY: Int) -> GrayImage {
        var out = GrayImage(width: image.width, height: image.height, value: 0)
        let edge = factor > 1 ? 1 : 0
        for surface in surfaces {
            let y0 = max(0, surface.y * factor - originY), y1 = min(image.height, (surface.y + surface.height) * factor - originY)
            guard y1 > y0 else { continue }
            for y in y0..<y1 {
                let row = surface.rows[min(surface.rows.count - 1, max(0, (y + originY) / factor - surface.y))]
                guard row.last >= row.first else { continue }
                let x0 = max(0, row.first * factor + edge - originX), x1 = min(image.width, (row.last + 1) * factor - edge - originX)
                guard x1 > x0 else { continue }
                for x in x0..<x1 { out[x, y] = image[x, y] }
            }
        }
        return out
    }

    static func views(polarity: TextPolarity, colour: Bool) -> [TextView] {
        switch polarity {
        case .light: colour ? [.neutral, .light, .colour, .background, .hue, .boxed] : [.light, .boxed]
        case .dark: [.dark]
        case .auto: colour ? [.neutral, .light, .dark, .colour, .background, .hue, .boxed] : [.light, .dark, .boxed]
        }
    }

    /// Whether another frame's views of the region line up with these.
    public func matches(_ other: TextViews) -> Bool {
        other.width == width && other.height == height && other.factor == factor
    }

    /// One view of a box of the region at full resolution (clipped to the region).
    public func full(_ view: TextView, x: Int, y: Int, width w: Int, height h: Int) -> GrayImage {
        let x0 = max(0, min(width, x)), y0 = max(0, min(height, y))
        var part: GrayImage
        if let colour {
            part = Self.make([view], from: colour.cropped(x: x, y: y, width: w, height: h), dominant: dominant,
                             sceneColour: sceneColour)[view]
                ?? GrayImage(width: 0, height: 0)
        } else {
            let cut = (gray ?? GrayImage(width: 0, height: 0)).cropped(x: x, y: y, width: w, height: h)
            part = view == .dark ? cut.inverted() : cut
        }
        if view == .dark {
            part = Self.masked(part, to: surfaceShapes, factor: factor, originX: x0, originY: y0)
        } else if view == .boxed {
            part = Self.masked(part, to: boxShapes, factor: factor, originX: x0, originY: y0)
        }
        return part
    }

    /// The colour most of an image shows (the mean of the most populous of its colours taken
    /// 32 levels a channel at a time) and the share of its pixels that show it.
    static func dominantColour(of image: RGBImage) -> (colour: (r: Int, g: Int, b: Int), share: Double) {
        var counts = [Int](repeating: 0, count: 512)
        var sums = [(r: Int, g: Int, b: Int)](repeating: (0, 0, 0), count: 512)
        let pixels = image.pixels
        var index = 0
        while index + 2 < pixels.count {
            let r = Int(pixels[index]), g = Int(pixels[index + 1]), b = Int(pixels[index + 2])
            index += 3
            let bin = (r >> 5) << 6 | (g >> 5) << 3 | b >> 5
            counts[bin] += 1
            sums[bin].r += r
            sums[bin].g += g
            sums[bin].b += b
        }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[best] > 0 else { return ((0, 0, 0), 0) }
        let n = counts[best]
        return ((sums[best].r / n, sums[best].g / n, sums[best].b / n), Double(n) / Double(max(1, pixels.count / 3)))
    }

    /// The mean colour of an image's saturated pixels when the image is one hue and black: a
    /// fifth of it dark (largest channel under 64), and four in five of its saturated pixels
    /// (largest channel 64 up, chroma 48 up; a tenth of it or more) within 45 degrees of their most
    /// common hue (green cells on black: yes; colour bars, a rainbow, a grey scene, a green
    /// pitch without black: no).
    static func sceneHue(of image: RGBImage) -> (r: Int, g: Int, b: Int)? {
        var counts = [Int](repeating: 0, count: 12)
        var sums = [(r: Int, g: Int, b: Int)](repeating: (0, 0, 0), count: 12)
        var dark = 0, saturated = 0
        let pixels = image.pixels
        var index = 0
        while index + 2 < pixels.count {
            let r = Int(pixels[index]), g = Int(pixels[index + 1]), b = Int(pixels[index + 2])
            index += 3
            let high = max(r, g, b), chroma = high - min(r, g, b)
            if high < 64 { dark += 1; continue }
            guard chroma >= 48 else { continue }
            saturated += 1
            // The hexcone hue in twelfths of the circle (30 degrees each).
            let sixths: Int
            if high == r {
                sixths = ((g - b) * 12 / chroma + 72) % 72
            } else if high == g {
                sixths = (b - r) * 12 / chroma + 24
            } else {
                sixths = (r - g) * 12 / chroma + 48
            }
            let bin = min(11, max(0, sixths / 6))
            counts[bin] += 1
            sums[bin].r += r
            sums[bin].g += g
            sums[bin].b += b
        }
        let total = max(1, pixels.count / 3)
        guard 5 * dark >= total, 10 * saturated >= total,
              let top = counts.indices.max(by: { counts[$0] < counts[$1] }) else { return nil }
        let near = [(top + 11) % 12, top, (top + 1) % 12]
        let count = near.reduce(0) { $0 + counts[$1] }
        guard 5 * count >= 4 * saturated, count > 0 else { return nil }
        let sum = near.reduce((r: 0, g: 0, b: 0)) { ($0.r + sums[$1].r, $0.g + sums[$1].g, $0.b + sums[$1].b) }
        return (sum.r / count, sum.g / count, sum.b / count)
    }

    /// The views of a colour image, made in one pass over its pixels (`dominant`: the colour the
    /// `background` view measures from; `sceneColour`: the one the `hue` view measures off).
    static func make(_ views: [TextView], from image: RGBImage, dominant: (r: Int, g: Int, b: Int) = (0, 0, 0),
                     sceneColour: (r: Int, g: Int, b: Int) = (0, 0, 0)) -> [TextView: GrayImage] {
        let count = image.width * image.height
        let wanted = Set(views)
        var neutral = [UInt8](repeating: 0, count: wanted.contains(.neutral) ? count : 0)
        var chroma = [UInt8](repeating: 0, count: wanted.contains(.colour) ? count : 0)
        var distance = [UInt8](repeating: 0, count: wanted.contains(.background) ? count : 0)
        var offHue = [UInt8](repeating: 0, count: wanted.contains(.hue) ? count : 0)
        // The hue view: the length of a pixel's colour less its projection on the scene's
        // colour, doubled (the part of a colour off a saturated one is rarely over half the
        // range), from |p|² - (p·c)²/|c|².
        let c = (r: Double(sceneColour.r), g: Double(sceneColour.g), b: Double(sceneColour.b))
        let cc = max(1, c.r * c.r + c.g * c.g + c.b * c.b)
        let needsLuma = wanted.contains(.light) || wanted.contains(.dark) || wanted.contains(.boxed)
        var luma = [UInt8](repeating: 0, count: needsLuma ? count : 0)
        image.pixels.withUnsafeBufferPointer { source in
            luma.withUnsafeMutableBufferPointer { luma in
                neutral.withUnsafeMutableBufferPointer { neutral in
                    chroma.withUnsafeMutableBufferPointer { chroma in
                        distance.withUnsafeMutableBufferPointer { distance in
                            for index in 0..<count {
                                let r = source[3 * index], g = source[3 * index + 1], b = source[3 * index + 2]
                                let low = min(r, min(g, b))
                                if !luma.isEmpty {
                                    let red = 19595 * Int(r), green = 38470 * Int(g), blue = 7471 * Int(b)
                                    luma[index] = UInt8(truncatingIfNeeded: (red + green + blue + 32768) >> 16)
                                }
                                if !neutral.isEmpty { neutral[index] = low }
                                if !chroma.isEmpty { chroma[index] = max(r, max(g, b)) - low }
                                if !distance.isEmpty {
                                    // The largest channel's difference: 255 for the colour's
                                    // opposite, 0 for the colour itself.
                                    let dr = abs(Int(r) - dominant.r), dg = abs(Int(g) - dominant.g), db = abs(Int(b) - dominant.b)
                                    distance[index] = UInt8(truncatingIfNeeded: min(255, max(dr, max(dg, db))))
                                }
                                if !offHue.isEmpty {
                                    let pr = Double(r), pg = Double(g), pb = Double(b)
                                    let along = pr * c.r + pg * c.g + pb * c.b
                                    let off = max(0, pr * pr + pg * pg + pb * pb - along * along / cc).squareRoot()
                                    offHue[index] = UInt8(min(255, 2 * off))
                                }
                            }
                        }
                    }
                }
            }
        }
        var made: [TextView: GrayImage] = [:]
        for view in views {
            switch view {
            case .neutral: made[view] = GrayImage(width: image.width, height: image.height, pixels: neutral)
            case .light: made[view] = GrayImage(width: image.width, height: image.height, pixels: luma)
            case .boxed: made[view] = GrayImage(width: image.width, height: image.height, pixels: luma)
            case .dark: made[view] = GrayImage(width: image.width, height: image.height, pixels: luma).inverted()
            case .colour: made[view] = GrayImage(width: image.width, height: image.height, pixels: chroma)
            case .background: made[view] = GrayImage(width: image.width, height: image.height, pixels: distance)
            case .hue: made[view] = GrayImage(width: image.width, height: image.height, pixels: offHue)
            }
        }
        return made
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
                for index in 0..<mine.count { mine[index] = min(mine[index], theirs[index]) }
            }
        }
        return GrayImage(width: width, height: height, pixels: out)
    }
}

extension RGBImage {
    /// The image shrunk by a whole factor, each pixel the mean of its block (a partial block at
    /// the right or bottom edge is left out).
    public func downsampled(by factor: Int) -> RGBImage {
        guard factor > 1 else { return self }
        let w = width / factor, h = height / factor
        guard w > 0, h > 0, pixels.count == width * height * 3 else { return RGBImage(width: 0, height: 0, pixels: []) }
        // Two passes: the block's rows summed into one row of column sums (a loop over bytes
        // that the compiler vectorises), then each output pixel's `factor` column sums added up.
        let area = UInt32(factor * factor), stride = width * 3, used = w * factor * 3
        var columns = [UInt32](repeating: 0, count: used)
        let out = [UInt8](unsafeUninitializedCapacity: w * h * 3) { out, count in
            pixels.withUnsafeBufferPointer { source in
                columns.withUnsafeMutableBufferPointer { columns in
                    guard let source = source.baseAddress, let sums = columns.baseAddress,
                          let target = out.baseAddress else { return }
                    for y in 0..<h {
                        let first = source + y * factor * stride
                        for index in 0..<used { sums[index] = UInt32(first[index]) }
                        for dy in 1..<factor {
                            let row = source + (y * factor + dy) * stride
                            for index in 0..<used { sums[index] &+= UInt32(row[index]) }
                        }
                        let outRow = target + y * w * 3
                        for x in 0..<w {
                            var r: UInt32 = 0, g: UInt32 = 0, b: UInt32 = 0
                            var index = x * factor * 3
                            for _ in 0..<factor {
                                r &+= sums[index]
                                g &+= sums[index + 1]
                                b &+= sums[index + 2]
                                index += 3
                            }
                            outRow[3 * x] = UInt8(truncatingIfNeeded: (r + area / 2) / area)
                            outRow[3 * x + 1] = UInt8(truncatingIfNeeded: (g + area / 2) / area)
                            outRow[3 * x + 2] = UInt8(truncatingIfNeeded: (b + area / 2) / area)
                        }
                    }
                }
            }
            count = w * h * 3
        }
        return RGBImage(width: w, height: h, pixels: out)
    }
}
