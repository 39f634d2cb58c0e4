import ReelVision

/// A line of text found in one view of a region, in the frame alone or fused with neighbours.
public struct LineCandidate: Sendable {
    public var view: TextView
    /// The frames whose views were fused to find it (0: the frame itself, 1...: its
    /// neighbours, in the order given).
    public var sources: [Int]
    /// The line's box in the region's pixels (full resolution).
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    public var characterHeight: Int
    public var quality: Double
    public var clutter: Double
    public var characters: Int
    /// Whether it was found in what stands still across its frames (`StillFusion`) rather than
    /// in what they all show bright.
    public var isStill = false
    /// The ink threshold it was found at when that is above the view's usual one (the
    /// brightest class of a saturated view, split off the rest); reading keeps to it.
    public var splitAbove: UInt8?

    /// Whether the line stands clear of what is around it (no need to look further).
    public var isClean: Bool { characters >= 3 && clutter <= 0.2 }
    /// Whether it was found in the frame alone.
    public var isAlone: Bool { sources == [0] }

    /// Whether two candidates are much the same line (their boxes overlap by half or more).
    public func overlaps(_ other: LineCandidate) -> Bool {
        let left = max(x, other.x), right = min(x + width, other.x + other.width)
        let top = max(y, other.y), bottom = min(y + height, other.y + other.height)
        guard right > left, bottom > top else { return false }
        let common = (right - left) * (bottom - top)
        return 2 * common >= min(width * height, other.width * other.height)
    }
}

/// Finds lines of text in a region's shrunk views: each is thresholded once and its most
/// populous rows of character-like shapes are scored (`TextLine.quality`). The cost is bounded
/// by the region's size, whatever it shows.
public enum LineFinder {
    /// Regions are looked at no taller than about this (whole factors of shrinking).
    public static let detectionHeight = 40

    /// The lines (up to three a view) of the shrunk `views` (`factor` times smaller than the
    /// region), found in the frames `sources`, best first. Lines cut by the region's left or
    /// right side are left out: they are another element's text showing in it.
    public static func candidates(in views: [TextView: GrayImage], factor: Int, sources: [Int],
                                  minimumCharacters: Int = 2) -> [LineCandidate] {
        var found: [LineCandidate] = []
        for view in TextView.allCases {
            guard let small = views[view], small.width >= 4, small.height >= 4 else { continue }
            // Nothing stands out in a flat view.
            guard let low = small.pixels.min(), let high = small.pixels.max(), high - low >= 48 else { continue }
            let threshold = inkThreshold(small, view: view)
            let lines = self.lines(in: small, view: view, threshold: threshold, factor: factor, sources: sources,
                                   minimumCharacters: minimumCharacters, splitAbove: nil)
            found += lines
            // Saturated text over blocks of other saturated colours (a red GOAL over green and
            // olive): Otsu's split puts the blocks with the text. The brightest class alone,
            // split off what is above the first split, holds the text.
            guard view == .colour || view == .background || view == .hue, lines.isEmpty,
                  let top = small.pixels.max(), Int(top) - Int(threshold) >= 48 else { continue }
            let upper = max(GrayImage.otsuThreshold(small.histogram, over: threshold...top), threshold &+ 24)
            // Only clean lines there: the brightest class of a colourful scene is specks.
            found += self.lines(in: small, view: view, threshold: upper, factor: factor, sources: sources,
                                minimumCharacters: minimumCharacters, splitAbove: upper).filter(\.isClean)
        }
        return found.sorted { $0.quality > $1.quality }
    }

    /// The lines of one shrunk view thresholded at `threshold` (none when too little or too
    /// much of it is ink).
    private static func lines(in small: GrayImage, view: TextView, threshold: UInt8, factor: Int, sources: [Int],
                              minimumCharacters: Int, splitAbove: UInt8?) -> [LineCandidate] {
        let binary = small.thresholded(at: threshold)
        // Too little or too much ink holds no line of text (the dark view is ink only on
        // light surfaces, so a score on a small pill in a wide band is little of it).
        let ink = binary.pixels.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        let least = view == .dark ? 2000 : 200
        guard ink * least >= binary.pixels.count, ink * 10 <= 6 * binary.pixels.count else { return [] }
        return TextLine.findAll(in: binary, minimumHeight: max(3, small.height / 10),
                                minimumCharacters: minimumCharacters, maximumLines: 3).compactMap { line in
            guard !runsOff(line, binary) else { return nil }
            return LineCandidate(view: view, sources: sources,
                                 x: line.x * factor, y: line.y * factor, width: line.width * factor,
                                 height: line.height * factor, characterHeight: line.characterHeight * factor,
                                 quality: line.quality, clutter: line.clutter, characters: line.characters.count,
                                 splitAbove: splitAbove)
        }
    }

    /// Whether a line runs off the region's left or right side (it touches it).
    static func runsOff(_ line: TextLine, _ binary: GrayImage) -> Bool {
        line.x <= 0 || line.x + line.width >= binary.width
    }

    /// The threshold separating bright ink from the rest: Otsu's split, but never more than 60
    /// levels under the brightest pixels (so a background darker than the text's surroundings
    /// stays out), and light text is light (128 up). Colour (chroma, at half resolution in
    /// 4:2:0 video, so soft-edged) takes Otsu's split over a grey scene as it is, and so does
    /// the inside of a dark box.
    public static func inkThreshold(_ image: GrayImage, view: TextView) -> UInt8 {
        let histogram = image.histogram
        let otsu = GrayImage.otsuThreshold(histogram)
        if view == .colour || view == .hue { return max(otsu, 48) }
        // A box's inside holds only the box and its text: Otsu's split of what is not masked
        // (0) is theirs (the brightest pixels, the text's cores, would put a soft-edged text's
        // edges under the threshold).
        if view == .boxed { return max(GrayImage.otsuThreshold(histogram, over: 1...255), 48) }
        let top = Int(GrayImage.percentile(histogram, 0.995))
        return UInt8(max(Int(otsu), top - 60, 128))
    }

    /// Otsu's split alone (light text is still light: 128 up), for a second look at a line
    /// whose brightest pixels are the scene's specks rather than the text.
    public static func loweredInkThreshold(_ image: GrayImage, view: TextView) -> UInt8 {
        max(GrayImage.otsuThreshold(image.histogram), 128)
    }
}

extension GrayImage {
    /// The image shrunk by a whole factor, each pixel the mean of its block (a partial block at
    /// the right or bottom edge is left out).
    public func downsampled(by factor: Int) -> GrayImage {
        guard factor > 1 else { return self }
        let w = width / factor, h = height / factor
        guard w > 0, h > 0 else { return GrayImage(width: 0, height: 0) }
        var out = [UInt8](repeating: 0, count: w * h)
        var sums = [Int](repeating: 0, count: w)
        let area = factor * factor, width = self.width
        pixels.withUnsafeBufferPointer { source in
            sums.withUnsafeMutableBufferPointer { sums in
                out.withUnsafeMutableBufferPointer { out in
                    for y in 0..<h {
                        for x in 0..<w { sums[x] = 0 }
                        for dy in 0..<factor {
                            var index = (y * factor + dy) * width
                            for x in 0..<w {
                                var sum = 0
                                for _ in 0..<factor {
                                    sum &+= Int(source[index])
                                    index += 1
                                }
                                sums[x] &+= sum
                            }
                        }
                        for x in 0..<w { out[y * w + x] = UInt8((sums[x] + area / 2) / area) }
                    }
                }
            }
        }
        return GrayImage(width: w, height: h, pixels: out)
    }
}
