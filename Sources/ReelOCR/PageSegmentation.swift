import CTesseract

/// How Tesseract splits a region into text (its page segmentation mode, `--psm`).
public enum PageSegmentation: Int, Sendable, CaseIterable {
    /// Fully automatic page segmentation (PSM 3).
    case auto = 3
    /// A single uniform block of text (PSM 6).
    case block = 6
    /// A single text line (PSM 7): the default for HUD regions.
    case singleLine = 7
    /// A single word (PSM 8).
    case singleWord = 8
    /// A single character (PSM 10).
    case singleCharacter = 10
    /// Sparse text: as much text as possible in no order (PSM 11).
    case sparse = 11
    /// A single line, bypassing Tesseract's layout hacks (PSM 13).
    case rawLine = 13

    var tesseractMode: TessPageSegMode { TessPageSegMode(UInt32(rawValue)) }
}
