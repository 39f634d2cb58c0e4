import CTesseract
import Foundation
import ReelCore
import ReelVision

/// Text Tesseract read in an image, with its mean word confidence (0 to 100).
public struct OCRText: Sendable, Equatable {
    /// The text, lines joined by newlines, surrounding whitespace removed.
    public var text: String
    /// Tesseract's mean text confidence, 0 to 100.
    public var confidence: Int
}

/// One Tesseract engine (its C API), created once and used for many images.
///
/// Creating an engine loads the language model (about 150 ms); reuse it. An engine is not
/// thread-safe: use one per thread.
public final class OCREngine {
    private let handle: OpaquePointer
    /// The language(s) loaded, e.g. `eng`.
    public let language: String

    /// An engine for `language` (default `eng`) reading with `segmentation`.
    ///
    /// - Parameter dataPath: the tessdata folder; nil to search the usual places (`TessData`).
    /// - Throws: `OCRError` (`unavailable`) when the language data is missing or cannot be loaded.
    ///   - dictionary: whether Tesseract's word lists guide it (off suits HUD texts, which are
    ///     codes and numbers more than words).
    public init(language: String = "eng", dataPath: String? = nil,
                segmentation: PageSegmentation = .singleLine, dictionary: Bool = true) throws(OCRError) {
        let folder = try TessData.locate(language: language, in: dataPath)
        guard let created = TessBaseAPICreate() else {
            throw OCRError("cannot create a Tesseract engine", failure: .failed)
        }
        // Variables only read at initialisation.
        let settings = dictionary ? [] : [("load_system_dawg", "0"), ("load_freq_dawg", "0")]
        var names = settings.map { strdup($0.0) }
        var values = settings.map { strdup($0.1) }
        defer {
            names.forEach { free($0) }
            values.forEach { free($0) }
        }
        let status = names.withUnsafeMutableBufferPointer { namePointers in
            values.withUnsafeMutableBufferPointer { valuePointers in
                TessBaseAPIInit4(created, folder, language, OEM_LSTM_ONLY, nil, 0, namePointers.baseAddress,
                                 valuePointers.baseAddress, settings.count, 0)
            }
        }
        guard status == 0 else {
            // Not yet stored in self: deinit does not run for it, so it is freed here once.
            TessBaseAPIDelete(created)
            throw OCRError("cannot load Tesseract data for '\(language)' from \(folder)", failure: .unavailable)
        }
        self.language = language
        handle = created
        TessBaseAPISetPageSegMode(handle, segmentation.tesseractMode)
        // No "Invalid resolution" warnings: our regions have no DPI.
        _ = TessBaseAPISetVariable(handle, "user_defined_dpi", "70")
        _ = TessBaseAPISetVariable(handle, "debug_file", "/dev/null")
        // Regions come binarised with dark ink: no second pass on an inverted copy.
        _ = TessBaseAPISetVariable(handle, "tessedit_do_invert", "0")
    }

    deinit {
        TessBaseAPIEnd(handle)
        TessBaseAPIDelete(handle)
    }

    /// Restricts the characters Tesseract may read (empty: no restriction).
    public func setAllowedCharacters(_ characters: String) {
        _ = TessBaseAPISetVariable(handle, "tessedit_char_whitelist", characters)
    }

    /// Sets the page segmentation mode for the next images.
    public func setSegmentation(_ segmentation: PageSegmentation) {
        TessBaseAPISetPageSegMode(handle, segmentation.tesseractMode)
    }

    /// Reads the text in a gray image.
    ///
    /// An image without contrast (every pixel within 16 levels of the others) reads as empty
    /// text: it cannot hold any, and Tesseract would otherwise invent some (it reads a blank
    /// line as "Be").
    public func recognize(_ image: GrayImage) -> OCRText {
        guard image.width > 0, image.height > 0,
              let low = image.pixels.min(), let high = image.pixels.max(), high - low > 16 else {
            return OCRText(text: "", confidence: 0)
        }
        image.pixels.withUnsafeBufferPointer { pixels in
            TessBaseAPISetImage(handle, pixels.baseAddress, Int32(image.width), Int32(image.height), 1,
                                Int32(image.width))
        }
        defer { TessBaseAPIClear(handle) }
        guard let raw = TessBaseAPIGetUTF8Text(handle) else {
            return OCRText(text: "", confidence: 0)
        }
        defer { TessDeleteText(raw) }
        let text = String(cString: raw).trimmingCharacters(in: .whitespacesAndNewlines)
        return OCRText(text: text, confidence: Int(TessBaseAPIMeanTextConf(handle)))
    }
}
