import ReelOCR

/// A reader as the built-in profiles set one up: light text, capitals, the HUD's characters.
func hudReader() -> RegionReader {
    var options = ReadingOptions()
    options.polarity = .light
    options.capitals = true
    options.allowedCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#:- "
    return RegionReader(options: options) { try? OCREngine() }
}

extension RegionReading {
    /// The text read, nil when none was.
    var text: String? {
        guard case .text(let read) = self else { return nil }
        return read.text
    }
}
