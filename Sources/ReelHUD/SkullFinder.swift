import Foundation
import ReelCore
import ReelVision

/// Where the counter's icon (the kill-count skull, or any game's icon) is in a HUD crop, and
/// how sure the match is (normalised cross-correlation with the template, 0 to 1): the frame
/// record's `skull` field.
public typealias SkullLocation = FrameRecord.Icon

/// The spec's kill-count skull (U+2620 in DejaVu Sans Bold), embedded.
public enum SkullFinder {
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
}
