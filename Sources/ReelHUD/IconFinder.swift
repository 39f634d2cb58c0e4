import ReelVision

/// Finds an icon in a HUD crop at a bounded cost per frame, whatever the scene behind it.
///
/// The crop becomes a map of how much each pixel looks like the icon's colour. A coarse pass
/// correlates the template with the whole map shrunk so that the icon is about eight pixels
/// tall, at each candidate size; the best few places of each size are then refined at full
/// resolution. The work depends only on the crop's and the icon's sizes, never on what the
/// scene shows. When the icon cannot be told from the scene in one frame (a white icon over
/// white parts of a high-contrast scene, say), neighbouring frames help: the HUD stands still
/// while the scene moves, so the pixel-wise minimum of two frames' maps keeps the icon and
/// loses most of the scene, and the search runs again on it.
///
/// One finder per thread: it keeps the scaled templates it made (which never change a result).
public final class IconFinder {
    public let template: IconTemplate
    /// The least score (0 to 1) that counts as the icon.
    public var minimumScore: Double
    private var correlations: [Int: (correlation: Correlation, place: (x: Int, y: Int, width: Int, height: Int))] = [:]

    public init(template: IconTemplate, minimumScore: Double = 0.6) {
        self.template = template
        self.minimumScore = minimumScore
    }

    /// The icon in `image`, trying each of `heights` (the icon's own height in pixels), helped by `neighbours` (crops of
    /// the frames around it, same size) when the frame alone does not show it; nil when absent.
    public func find(in image: RGBImage, heights: [Int], neighbours: [RGBImage] = []) -> SkullLocation? {
        let sizes = heights.filter { $0 >= 4 && $0 <= image.height }
        guard !sizes.isEmpty, image.width >= 4 else { return nil }
        let map = image.similarity(to: template.colour, reach: IconTemplate.reach)
        if let alone = search(map, heights: sizes), alone.location.score >= minimumScore {
            return alone.location
        }

        // The frame with each neighbour, and with all of them (when the HUD stood still
        // throughout, the most of the scene goes).
        let neighbourMaps = neighbours.filter { $0.width == image.width && $0.height == image.height }
            .map { $0.similarity(to: template.colour, reach: IconTemplate.reach) }
        let pairs = neighbourMaps.map { map.minimum($0) }
        var best: Found?
        // All of them first; each pair only when that shows no icon (the HUD changed in one).
        if pairs.count > 1, var all = pairs.first {
            for other in pairs.dropFirst() { all = all.minimum(other) }
            best = search(all, heights: sizes)
        }
        if (best?.location.score ?? 0) < minimumScore {
            for fused in pairs {
                if let found = search(fused, heights: sizes), found.location.score > best?.location.score ?? -1 {
                    best = found
                }
            }
        }
        guard let best else { return nil }
        if best.location.score >= minimumScore { return best.location }
        // Fainter, but where this frame and a neighbour each show it on their own too: the
        // icon in the same place frame after frame, which a moving scene does not do.
        guard best.location.score >= consistentScore, score(of: best, in: map) >= faintScore,
              neighbourMaps.contains(where: { score(of: best, in: $0) >= faintScore }) else { return nil }
        return best.location
    }

    /// A match and the icon height it was made at.
    struct Found {
        var location: SkullLocation
        var inkHeight: Int
        /// The template's corner.
        var corner: (x: Int, y: Int)
    }

    /// The least score of an icon found in fused frames that each frame confirms (see `find`).
    public var consistentScore = 0.5
    /// The least score at the same place in the frames alone confirming it.
    public var faintScore = 0.3

    /// The score of the template at a place found before (within a pixel of it) in a map.
    private func score(of found: Found, in map: FloatImage) -> Double {
        let correlation = correlation(inkHeight: found.inkHeight).correlation
        let (x, y) = found.corner
        return correlation.best(in: map, xs: (x - 1)...(x + 1), ys: (y - 1)...(y + 1))?.score ?? 0
    }

    /// The best place and size in a map: a coarse pass with the template a few pixels tall at a
    /// few sizes (correlation forgives a tenth either way), then the best coarse places refined
    /// at full resolution with the sizes near each.
    func search(_ map: FloatImage, heights: [Int]) -> Found? {
        let smallest = heights.min() ?? 8
        let factor = max(1, smallest / 8)
        let coarse = map.downsampled(by: factor)
        func coarseHeight(_ height: Int) -> Int { max(3, Int((Double(height) / Double(factor)).rounded())) }
        // Coarse sizes about 20 % apart cover the heights asked for.
        var sizes: [Int] = []
        for height in Set(heights.map(coarseHeight)).sorted() where sizes.last.map({ Double(height) > Double($0) * 1.2 }) ?? true {
            sizes.append(height)
        }
        var coarsePlaces: [(size: Int, match: TemplateMatch)] = []
        for size in sizes {
            let peaks = correlation(inkHeight: size).correlation.scores(in: coarse)
                .peaks(count: 4, separation: max(2, size / 2))
            coarsePlaces += peaks.map { (size, $0) }
        }
        coarsePlaces.sort { $0.match.score > $1.match.score }
        var best: Found?
        for (size, peak) in coarsePlaces.prefix(4) {
            // The full heights this coarse size stands for (within a fifth of it), nearest first:
            // the place is refined with the nearest, then the others are tried right there.
            let near = heights.filter { abs(Double(coarseHeight($0)) - Double(size)) <= 0.2 * Double(size) + 0.5 }
                .sorted { abs(Double($0) - Double(size * factor)) < abs(Double($1) - Double(size * factor)) }
            guard let first = near.first else { continue }
            let x = peak.x * factor, y = peak.y * factor
            guard var found = refine(map, height: first, xs: (x - factor - 1)...(x + factor + 1),
                                     ys: (y - factor - 1)...(y + factor + 1)) else { continue }
            for height in near.dropFirst() {
                let (cx, cy) = found.corner
                if let other = refine(map, height: height, xs: (cx - 2)...(cx + 2), ys: (cy - 2)...(cy + 2)),
                   other.location.score > found.location.score {
                    found = other
                }
            }
            if found.location.score > best?.location.score ?? -1 { best = found }
        }
        return best
    }

    /// The best place of the template at one icon height within a window of corners.
    private func refine(_ map: FloatImage, height: Int, xs: ClosedRange<Int>, ys: ClosedRange<Int>) -> Found? {
        let (correlation, box) = correlation(inkHeight: height)
        guard let match = correlation.best(in: map, xs: xs, ys: ys) else { return nil }
        return Found(location: SkullLocation(x: match.x + box.x, y: match.y + box.y, width: box.width, height: box.height,
                                             score: match.score),
                     inkHeight: height, corner: (match.x, match.y))
    }

    /// The correlation of the template scaled so that its icon is `inkHeight` tall, and the box
    /// a match reports.
    private func correlation(inkHeight: Int) -> (correlation: Correlation, place: (x: Int, y: Int, width: Int, height: Int)) {
        if let made = correlations[inkHeight] { return made }
        let scaled = template.scaled(toInkHeight: inkHeight)
        let made = (Correlation(template: scaled.map, mask: scaled.mask), scaled.place)
        if correlations.count > 64 { correlations.removeAll() }
        correlations[inkHeight] = made
        return made
    }

    /// Candidate icon heights around `expected` pixels: -6 %, as expected, +6 %.
    public static func heights(around expected: Double) -> [Int] {
        Array(Set([0.94, 1.0, 1.06].map { max(4, Int(saturating: expected * $0)) })).sorted()
    }

    /// Candidate icon heights from `low` to `high` pixels, about 6 % apart.
    public static func heights(from low: Double, to high: Double) -> [Int] {
        var heights: [Int] = []
        var height = max(4, low)
        while height <= high * 1.001 {
            heights.append(Int(saturating: height))
            height *= 1.06
        }
        return Array(Set(heights)).sorted()
    }
}
