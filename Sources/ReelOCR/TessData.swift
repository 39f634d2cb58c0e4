import Foundation

/// Finds Tesseract's language data before an engine is made, so a missing language is a
/// clear message (naming the package to install) rather than Tesseract's own.
public enum TessData {
    /// Folders searched when none is given: $TESSDATA_PREFIX (as Tesseract reads it), then
    /// Debian's and the usual install locations.
    public static var defaultFolders: [String] {
        var folders: [String] = []
        if let prefix = ProcessInfo.processInfo.environment["TESSDATA_PREFIX"], !prefix.isEmpty {
            folders += [prefix, prefix + "/tessdata"]
        }
        return folders + ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                          "/usr/share/tessdata", "/usr/local/share/tessdata"]
    }

    /// The folder holding `<lang>.traineddata` for every language of `language` (`eng+deu`).
    ///
    /// - Parameter folder: the folder to use (`--tessdata`); nil to search the defaults.
    public static func locate(language: String, in folder: String? = nil) throws(OCRError) -> String {
        let languages = language.split(separator: "+").map(String.init)
        guard !languages.isEmpty, languages.allSatisfy({ !$0.isEmpty && !$0.contains("/") }) else {
            throw OCRError("bad language '\(language)'", failure: .badUsage)
        }
        let candidates = folder.map { [$0] } ?? defaultFolders
        for candidate in candidates where languages.allSatisfy({
            FileManager.default.isReadableFile(atPath: "\(candidate)/\($0).traineddata")
        }) {
            return candidate
        }
        let missing = languages.first { name in
            !candidates.contains { FileManager.default.isReadableFile(atPath: "\($0)/\(name).traineddata") }
        } ?? languages[0]
        let place = folder.map { "in \($0)" } ?? "in \(candidates.joined(separator: ", "))"
        throw OCRError("no Tesseract data for '\(missing)' \(place): install tesseract-ocr-\(missing.lowercased())",
                       failure: .unavailable)
    }
}
