import Foundation
import ReelVision

/// An icon to look for (the skull beside the kill count, or any game's icon), as it looks on
/// screen: its colour, which of its pixels are the icon, and its size.
///
/// Matching works on a map of how much each pixel looks like the icon's colour, so an icon of
/// any colour stands out the same way over any scene. The icon's pixels are those of its alpha
/// channel when the image has one; otherwise those most unlike the template's border (the
/// scene or box it was cut from). They and a ring around them count in matching; the rest of
/// the cut weighs nothing.
public struct IconTemplate: Sendable {
    /// The icon's colour (the mean of its pixels).
    public let colour: (r: Float, g: Float, b: Float)
    /// The template's similarity to that colour, at the size it was cut.
    public let map: FloatImage
    /// The pixels that count (the icon and a ring around it), one flag a pixel.
    public let mask: [Bool]
    /// The height of the frames it was cut from, when known.
    public let frameHeight: Int?
    /// The icon's own box in the template (its pixels, without the ring or the rest of the cut).
    public let ink: (x: Int, y: Int, width: Int, height: Int)
    /// The box a match reports as the icon's place: the whole template as it was cut (so that
    /// places measured from a box drawn around the icon hold), or, for the built-in glyph, its ink.
    public private(set) var place: (x: Int, y: Int, width: Int, height: Int)

    public var width: Int { map.width }
    public var height: Int { map.height }

    /// A template from a picture of the icon and, optionally, its alpha channel.
    public init(image: RGBImage, alpha: GrayImage? = nil, frameHeight: Int? = nil) throws(ImageError) {
        guard image.width >= 4, image.height >= 4, image.width <= 1024, image.height <= 1024 else {
            throw ImageError("an icon template is 4 to 1024 pixels on each side (this one is \(image.width)x\(image.height))",
                             at: "template")
        }
        let count = image.width * image.height
        var icon = [Bool](repeating: false, count: count)
        if let alpha, alpha.pixels.contains(where: { $0 < 128 }) {
            for index in 0..<count { icon[index] = alpha.pixels[index] >= 128 }
        } else {
            icon = Self.iconPixels(image)
        }
        guard icon.contains(true) else { throw ImageError("no icon in the template: it is one flat colour", at: "template") }
        let iconImage = GrayImage(width: image.width, height: image.height, pixels: icon.map { $0 ? 255 : 0 })
        guard let box = iconImage.boundingBox(of: { $0 == 255 }), box.height >= 3, box.width >= 2 else {
            throw ImageError("the template's icon is too small (3 pixels tall at least)", at: "template")
        }
        ink = box
        place = (0, 0, image.width, image.height)
        var sum: (Float, Float, Float) = (0, 0, 0)
        var n: Float = 0
        for index in 0..<count where icon[index] {
            sum.0 += Float(image.pixels[3 * index])
            sum.1 += Float(image.pixels[3 * index + 1])
            sum.2 += Float(image.pixels[3 * index + 2])
            n += 1
        }
        colour = (sum.0 / n, sum.1 / n, sum.2 / n)
        map = image.similarity(to: colour, reach: Self.reach)
        // The icon grown by a ring of about an eighth of its height: its outline counts.
        var grown = GrayImage(width: image.width, height: image.height, pixels: icon.map { $0 ? 255 : 0 })
        for _ in 0..<max(1, Int((Double(image.height) / 8).rounded())) {
            grown = grown.dilated()
        }
        mask = grown.pixels.map { $0 == 255 }
        self.frameHeight = frameHeight
        guard Set(zip(map.values, mask).filter(\.1).map { Int($0.0) }).count > 1 else {
            throw ImageError("the template's icon has no contrast with what surrounds it", at: "template")
        }
    }

    /// A template from an image file (PNG, PGM or PPM).
    public static func load(path: String, frameHeight: Int? = nil) throws(ImageError) -> IconTemplate {
        let (image, alpha) = try ImageFile.readRGBA(path: path)
        do {
            return try IconTemplate(image: image, alpha: alpha, frameHeight: frameHeight)
        } catch {
            throw ImageError(error.reason, at: path, failure: error.failure)
        }
    }

    /// How far in RGB the icon's map falls from 255 to 0: the whole cube, so the map stays
    /// linear in the distance to the icon's colour (a thin stroke greyed by compression still
    /// counts as much as it shows).
    public static let reach: Float = 442

    /// The skull glyph (U+2620) of the spec's HUD, white on black.
    public static let skull: IconTemplate = {
        let glyph = SkullFinder.glyph
        var rgb = [UInt8](repeating: 0, count: glyph.pixels.count * 3)
        for (index, value) in glyph.pixels.enumerated() {
            rgb[3 * index] = value
            rgb[3 * index + 1] = value
            rgb[3 * index + 2] = value
        }
        // Pad by a ring of black, so the glyph's outline counts.
        let image = RGBImage(width: glyph.width, height: glyph.height, pixels: rgb)
        guard var template = try? IconTemplate(image: image.padded(by: max(2, glyph.height / 8))) else {
            preconditionFailure("the skull glyph makes no template")
        }
        template.place = template.ink
        return template
    }()

    /// The pixels most unlike the border's mean colour (Otsu's split of the distances to it).
    static func iconPixels(_ image: RGBImage) -> [Bool] {
        let w = image.width, h = image.height
        var border: (Float, Float, Float) = (0, 0, 0)
        var n: Float = 0
        for y in 0..<h {
            for x in 0..<w where x == 0 || y == 0 || x == w - 1 || y == h - 1 {
                let p = image[x, y]
                border.0 += Float(p.r)
                border.1 += Float(p.g)
                border.2 += Float(p.b)
                n += 1
            }
        }
        let distance = image.similarity(to: (border.0 / n, border.1 / n, border.2 / n), reach: 442)
        // 255 - similarity: distance from the border colour, 0 to 255.
        let far = GrayImage(width: w, height: h, pixels: distance.values.map { UInt8(max(0, min(255, 255 - $0))) })
        let threshold = far.otsuThreshold()
        return far.pixels.map { $0 > threshold && $0 >= 24 }
    }

    /// The map and mask scaled so that the icon itself is `inkHeight` pixels tall, and the box
    /// a match there reports (`place`, scaled).
    public func scaled(toInkHeight inkHeight: Int) -> (map: FloatImage, mask: [Bool], place: (x: Int, y: Int, width: Int, height: Int)) {
        let scale = Double(max(3, inkHeight)) / Double(ink.height)
        let width = max(3, Int((Double(self.width) * scale).rounded()))
        let height = max(3, Int((Double(self.height) * scale).rounded()))
        let box = (x: Int((Double(place.x) * scale).rounded()), y: Int((Double(place.y) * scale).rounded()),
                   width: max(1, Int((Double(place.width) * scale).rounded())), height: max(1, Int((Double(place.height) * scale).rounded())))
        if width == self.width && height == self.height { return (map, mask, place) }
        let maskImage = FloatImage(width: self.width, height: self.height, values: mask.map { $0 ? 1 : 0 })
        return (map.resized(width: width, height: height), maskImage.resized(width: width, height: height).values.map { $0 >= 0.5 }, box)
    }
}

extension RGBImage {
    /// The image with a border of `margin` black pixels.
    func padded(by margin: Int) -> RGBImage {
        let w = width + 2 * margin, h = height + 2 * margin
        var out = [UInt8](repeating: 0, count: w * h * 3)
        for y in 0..<height {
            let target = ((y + margin) * w + margin) * 3
            out.replaceSubrange(target..<(target + width * 3), with: pixels[(y * width * 3)..<((y + 1) * width * 3)])
        }
        return RGBImage(width: w, height: h, pixels: out)
    }
}
