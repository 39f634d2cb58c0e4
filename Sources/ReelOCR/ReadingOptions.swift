/// Which way round a region's text is.
public enum TextPolarity: String, Sendable, CaseIterable {
    /// Decide per region: the minority side of Otsu's split is the text.
    case auto
    /// Light text on a darker background (most game HUDs): inverted before Tesseract.
    case light
    /// Dark text on a lighter background.
    case dark
}

/// How `RegionReader` prepares and reads a region.
public struct ReadingOptions: Sendable, Hashable {
    /// Tesseract's page segmentation (a single line by default).
    public var segmentation: PageSegmentation = .singleLine
    /// Characters Tesseract may read; nil for any.
    public var allowedCharacters: String?
    /// Which way round the text is.
    public var polarity: TextPolarity = .auto
    /// Characters are rescaled to about this height in pixels (nil: as they are).
    public var characterHeight: Int? = 32
    /// Skip regions that cannot hold a line of text (no contrast, no row of character shapes).
    public var gate = true
    /// The text is in capitals: Tesseract may read either case (next to a descender it takes
    /// capitals for lowercase) and the result is folded to capitals.
    public var capitals = false
    /// Readings below this confidence (Tesseract's, 0 to 100) are `unread`, not text.
    public var minimumConfidence = 40
    /// Lines of fewer character shapes than this are not read (the region's texts are longer):
    /// Tesseract runs only where a known text may be.
    public var leastCharacters = 0

    /// The characters Tesseract is allowed: `allowedCharacters`, with their lowercase forms when
    /// reading capitals, and the letters a 0 looks like (O, Q) when a 0 is allowed and they are
    /// not: forbidden the O its network prefers for a bold 0, Tesseract still writes 0 but with
    /// confidence 0 (a score `0:1` on a light pill came out unread in every frame).
    var tesseractCharacters: String {
        guard let allowed = allowedCharacters else { return "" }
        var characters = allowed
        if capitals { characters += allowed.lowercased().filter { !allowed.contains($0) } }
        characters += zeroLookalikes
        return characters
    }

    /// The letters read for a 0 that the allowed characters lack (they become 0 in the text).
    var zeroLookalikes: String {
        guard let allowed = allowedCharacters, allowed.contains("0") else { return "" }
        return "OQ".filter { !allowed.contains($0) }
    }

    public init() {}
}
