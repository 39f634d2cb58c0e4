import Foundation
import ReelVision

/// Where the kill-count skull is in a HUD image, and how sure the match is.
public struct SkullLocation: Sendable, Equatable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    /// Normalised cross-correlation with the glyph, 0 to 1.
    public var score: Double

    public init(x: Int, y: Int, width: Int, height: Int, score: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.score = score
    }
}

/// Finds the kill-count skull (U+2620) in an image of the HUD strip.
///
/// The skull is white and as tall as the HUD's text. Bright shapes of a skull's size and
/// proportions, near the row of the HUD's characters, are matched against the glyph (normalised
/// cross-correlation, scaled to each shape's height, around its place only); when none matches
/// (the skull touching a bright background), the glyph sweeps the row's band. A match below
/// `minimumScore` is no skull (HUD hidden, end screens, lobby).
public struct SkullFinder: Sendable {
    /// The glyph, white on black, at its rendered size.
    public static let glyph: GrayImage = {
        guard let data = Data(base64Encoded: SkullGlyph.pgmBase64, options: .ignoreUnknownCharacters),
              let decoded = try? PNM.decode([UInt8](data), source: "skull glyph") else {
            preconditionFailure("the embedded skull glyph does not decode")
        }
        return GrayImage(width: decoded.width, height: decoded.height, pixels: decoded.samples)
    }()

    /// Width over height of the glyph's ink.
    public static var aspect: Double { Double(glyph.width) / Double(glyph.height) }

    /// The least match score that counts as a skull.
    public var minimumScore = 0.62
    /// Pixels at least this bright may be part of the skull.
    public var brightness: UInt8 = 185

    public init() {}

    /// The least score at the same place in the frame itself confirming a skull found in the
    /// mean of its neighbours.
    public var confirmingScore = 0.5

    /// The skull in `image`, helped by neighbouring frames when it cannot be told from the
    /// scene in this one: found in their mean (where the still HUD stays sharp and the moving
    /// scene greys out), then confirmed in `image` at that place.
    public func find(in image: GrayImage, neighbours: [GrayImage]) -> SkullLocation? {
        if let found = find(in: image) {
            return found
        }
        guard neighbours.count >= 2, let mean = GrayImage.mean(of: [image] + neighbours),
              let candidate = find(in: mean) else { return nil }
        let template = Self.glyph.resized(width: candidate.width, height: candidate.height)
        guard let here = TemplateMatcher(template: template).best(
            in: image, xs: (candidate.x - 1)...(candidate.x + 1), ys: (candidate.y - 1)...(candidate.y + 1)),
              here.score >= confirmingScore else { return nil }
        return SkullLocation(x: here.x, y: here.y, width: candidate.width, height: candidate.height, score: here.score)
    }

    /// The skull in `image`, or nil.
    public func find(in image: GrayImage) -> SkullLocation? {
        guard image.width >= 8, image.height >= 8 else { return nil }
        let mask = GrayImage(width: image.width, height: image.height,
                             pixels: image.pixels.map { $0 >= brightness ? 255 : 0 })
        let binary = mask.inverted()
        let line = TextLine.find(in: binary, minimumHeight: max(6, image.height / 12), minimumCharacters: 3)
        // The glyph's parts (skull, crossbones) come apart at small sizes: grown by a pixel,
        // they join into one candidate.
        let bright = ConnectedComponents(mask.dilated()) { $0 == 255 }
        let lowest = line.map { Double($0.characterHeight) * 0.75 } ?? Double(image.height) * 0.12
        let highest = line.map { Double($0.characterHeight) * 1.45 } ?? Double(image.height) * 0.75
        var best: SkullLocation?
        for shape in bright.components {
            let height = Double(shape.height), ratio = Double(shape.width) / height
            guard height >= lowest + 2, height <= highest + 2, ratio >= 0.75 * Self.aspect, ratio <= 1.35 * Self.aspect,
                  shape.fill >= 0.3, shape.fill <= 0.9 else { continue }
            if let line, abs(Double(shape.y) + height / 2 - Double(line.y) - Double(line.height) / 2) > height {
                continue
            }
            // The grown shape is a pixel larger on each side than the glyph.
            for extra in [-3, -2, -1] {
                let h = shape.height + extra
                let match = match(in: image, height: h, xs: (shape.x - 1)...(shape.x + 3), ys: (shape.y - 1)...(shape.y + 3))
                if let match, match.score > best?.score ?? 0 {
                    best = match
                }
            }
        }
        if (best?.score ?? 0) < minimumScore, let line {
            // Sweep the band of the HUD's row (the skull may touch bright background).
            let band = (line.y - line.characterHeight / 2)...(line.y + line.characterHeight / 2)
            for factor in [0.9, 1.0, 1.1] {
                let h = Int((Double(line.characterHeight) * factor).rounded())
                if let match = match(in: image, height: h, xs: nil, ys: band), match.score > best?.score ?? 0 {
                    best = match
                }
            }
        }
        guard let best, best.score >= minimumScore else { return nil }
        return best
    }

    private func match(in image: GrayImage, height: Int, xs: ClosedRange<Int>?, ys: ClosedRange<Int>) -> SkullLocation? {
        guard height >= 6 else { return nil }
        let width = max(6, Int((Double(height) * Self.aspect).rounded()))
        let template = Self.glyph.resized(width: width, height: height)
        guard let found = TemplateMatcher(template: template).best(in: image, xs: xs, ys: ys) else { return nil }
        return SkullLocation(x: found.x, y: found.y, width: width, height: height, score: max(0, found.score))
    }
}
