import Foundation
import ReelCore

/// What a game's HUD looks like and how its readings become events: data, not code.
///
/// A profile names the regions the pipeline crops and reads, how it samples them, the texts
/// its regions show (regular expressions), the kill counter beside its icon (a template image and
/// a digit network, both files), how many readings confirm something, the game's timings and the
/// clip windows. Every stage reads its own part (`frame-sample --profile`, `ocr-frame --profile`,
/// `skull-find --profile`, `digit-classify --profile`, `event-detect --profile`). The built-in
/// profiles are `br` and `football`; a JSON file can replace one or change parts of it
/// (`"extends": "br"`, then only the fields to change). Paths in a file are relative to it.
public struct Profile: Codable, Sendable, Equatable {
    /// Which event logic reads the profile: "battle-royale" or "football".
    public var kind: String
    public var name: String
    /// Regions the pipeline crops (frame-sample `--crop NAME=x,y,w,h`, fractions of the frame).
    public var crops: [String: String]
    /// How the pipeline samples.
    public var sampling: Sampling
    /// How ocr-frame reads the regions.
    public var ocr: OCR
    /// Text patterns (regular expressions), matched against a region's text with spaces removed.
    public var patterns: [String: Pattern]
    /// The counter beside an icon (kills): where, how it looks, what reads it.
    public var counter: Counter?
    /// Which texts of the `period` pattern's first group mean half time and which full time.
    public var periods: Periods?
    /// Readings needed to believe a change: `count` of the last `of`.
    public var confirm: Confirm
    /// The game's timings, in seconds (see each profile).
    public var timings: [String: Double]
    /// Clip windows around events: seconds before and after.
    public var clips: [String: ClipWindow]

    public struct Sampling: Codable, Sendable, Equatable {
        public var every: Double
        public var mode: String
        /// Colour crops (frame-sample --rgb): red digits, and light text over colourful scenes.
        public var rgb: Bool
        /// Crops are scaled as if the frame were at most this many pixels tall (nil: as they
        /// are): readers cost the same at every resolution.
        public var height: Int?
    }

    public struct OCR: Codable, Sendable, Equatable {
        /// The crops ocr-frame reads.
        public var regions: [String]
        public var whitelist: String
        public var upper: Bool
        /// ocr-frame's --invert: yes (light text), no (dark text) or auto.
        public var invert: String
        /// Readings below this confidence (0-100) are `unread` instead of text.
        public var minConfidence: Double?
        /// Settings of single regions that differ from the rest.
        public var overrides: [String: RegionOverride]?

        enum CodingKeys: String, CodingKey {
            case regions, whitelist, upper, invert, overrides
            case minConfidence = "min_confidence"
        }
    }

    /// How one region is read when it differs from the others.
    public struct RegionOverride: Codable, Sendable, Equatable {
        public var whitelist: String?
        public var invert: String?
        public var upper: Bool?
        /// How tall the region's text is: the least and most height of its capitals, in
        /// fractions of the frame's height. Lines of other sizes are not read (another element's
        /// text showing in the region, or the scene).
        public var textHeight: [Double]?
        /// The fewest character shapes a line must show to be read (0: any line); by default a
        /// third of the shortest text the region's patterns match (`leastCharacters(in:)`).
        public var minCharacters: Int?

        enum CodingKeys: String, CodingKey {
            case whitelist, invert, upper
            case textHeight = "text_height"
            case minCharacters = "min_characters"
        }
    }

    /// A text to look for in one region.
    public struct Pattern: Codable, Sendable, Equatable {
        /// The region (an `ocr` entry of the frame record).
        public var region: String
        /// A regular expression; its capture groups give values (placement, score, period).
        public var regex: String
        /// Match the text with its word spaces (one space between words) instead of none:
        /// for values that neighbouring words could run into (a team code read X00 beside a score).
        public var spaced: Bool?
    }

    /// The period texts: each list holds what the `period` pattern's first group reads for it.
    public struct Periods: Codable, Sendable, Equatable {
        public var half: [String]
        public var full: [String]
    }

    public struct Confirm: Codable, Sendable, Equatable {
        /// Texts (screens) seen in `count` of the last `of` frames.
        public var texts: Window
        /// Values (kill counts, scores) read alike in `count` of the last `of` readings.
        public var values: Window
    }

    public struct Window: Codable, Sendable, Equatable {
        public var count: Int
        public var of: Int

        public init(count: Int, of: Int) {
            self.count = count
            self.of = of
        }
    }

    public struct ClipWindow: Codable, Sendable, Equatable {
        public var before: Double
        public var after: Double

        public init(before: Double, after: Double) {
            self.before = before
            self.after = after
        }
    }

    /// The largest timing or clip window a profile or option may give, in seconds (a day).
    public static let maximumSeconds = 86_400.0

    /// A timing by name, or a default.
    public func timing(_ name: String, default value: Double) -> Double {
        timings[name] ?? value
    }

    /// The period (`half` or `full`) a text of the `period` pattern names, nil for none.
    public func period(named text: String) -> String? {
        let periods = periods ?? Periods(half: ["HT"], full: ["FT"])
        let key = text.uppercased().filter { !$0.isWhitespace }
        if periods.half.contains(where: { $0.uppercased().filter { !$0.isWhitespace } == key }) { return "half" }
        if periods.full.contains(where: { $0.uppercased().filter { !$0.isWhitespace } == key }) { return "full" }
        return nil
    }
}

extension Profile {
    /// The built-in profiles by name.
    public static let builtIn: [String: String] = ["br": battleRoyaleJSON, "football": footballJSON]

    /// A built-in profile, or a file's (which may extend a built-in one); paths in a file are
    /// resolved against its folder and checked.
    public static func load(_ nameOrPath: String) throws(ToolError) -> Profile {
        if let json = builtIn[nameOrPath] {
            return try decode(Array(json.utf8), source: nameOrPath, folder: nil)
        }
        var status = stat()
        guard stat(nameOrPath, &status) == 0 else {
            throw ToolError("no such profile (built in: \(builtIn.keys.sorted().joined(separator: ", ")))",
                            at: nameOrPath, failure: .missingInput)
        }
        guard status.st_mode & S_IFMT == S_IFREG, status.st_size <= 1 << 20 else {
            throw ToolError("a profile is a JSON file of at most 1 MiB", at: nameOrPath, failure: .badInput)
        }
        guard let data = FileManager.default.contents(atPath: nameOrPath) else {
            throw ToolError("cannot read", at: nameOrPath, failure: .missingInput)
        }
        var value: JSONValue
        do {
            value = try JSONParser.parse([UInt8](data))
        } catch {
            throw ToolError("not valid JSON: \(error)", at: nameOrPath, failure: .badInput)
        }
        if let base = value["extends"]?.stringValue {
            guard let json = builtIn[base], case .object(let baseObject) = (try? JSONParser.parse(json)) ?? .null,
                  case .object(let changes) = value else {
                throw ToolError("extends an unknown profile '\(base)'", at: nameOrPath, failure: .badInput)
            }
            value = .object(merge(baseObject, changes))
        }
        let folder = URL(fileURLWithPath: nameOrPath).deletingLastPathComponent().path
        return try decode(value.serialized(), source: nameOrPath, folder: folder)
    }

    private static func decode(_ bytes: [UInt8], source: String, folder: String?) throws(ToolError) -> Profile {
        var profile: Profile
        do {
            profile = try JSONDecoder().decode(Profile.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw ToolError("not a profile: \(Self.describe(error))", at: source, failure: .badInput)
        } catch {
            throw ToolError("not a profile: \(error)", at: source, failure: .badInput)
        }
        if let folder {
            profile.counter?.resolvePaths(against: folder)
        }
        try profile.validate(source: source)
        return profile
    }

    /// A decoding error in words: the field's path and what was wrong.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let place = path(context.codingPath)
            return "\(place.isEmpty ? "" : place + ".")\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    /// Objects merged member by member (nested objects too); other values replaced.
    static func merge(_ base: JSONObject, _ changes: JSONObject) -> JSONObject {
        var merged = base
        for member in changes where member.key != "extends" {
            if case .object(let inner) = member.value, case .object(let original) = base[member.key] ?? .null {
                merged[member.key] = .object(merge(original, inner))
            } else {
                merged[member.key] = member.value
            }
        }
        return merged
    }

    private func validate(source: String) throws(ToolError) {
        func fail(_ reason: String) -> ToolError { ToolError(reason, at: source, failure: .badInput) }
        guard ["battle-royale", "football"].contains(kind) else { throw fail("kind must be battle-royale or football, not \(kind)") }
        for (name, pattern) in patterns where (try? Regex(pattern.regex)) == nil {
            throw fail("pattern \(name) is not a regular expression: \(pattern.regex)")
        }
        for (name, window) in [("texts", confirm.texts), ("values", confirm.values)] {
            guard (1...100).contains(window.of), (1...window.of).contains(window.count) else {
                throw fail("confirm.\(name): count must be 1 to its window, the window 1 to 100")
            }
        }
        guard sampling.every.isFinite, sampling.every >= 0.01, sampling.every <= 3600 else {
            throw fail("sampling.every must be 0.01 to 3600 seconds")
        }
        guard ["key", "exact"].contains(sampling.mode) else { throw fail("sampling.mode must be key or exact") }
        if let height = sampling.height, !(16...8640).contains(height) {
            throw fail("sampling.height must be 16 to 8640 pixels")
        }
        for (name, crop) in crops {
            let parts = crop.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 4, parts.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw fail("crop \(name) must be x,y,w,h (fractions of the frame, or pixels)")
            }
        }
        guard ["auto", "yes", "no"].contains(ocr.invert) else { throw fail("ocr.invert must be auto, yes or no") }
        for (name, override) in ocr.overrides ?? [:] {
            if let invert = override.invert, !["auto", "yes", "no"].contains(invert) {
                throw fail("ocr.overrides.\(name).invert must be auto, yes or no")
            }
            if let least = override.minCharacters, !(0...100).contains(least) {
                throw fail("ocr.overrides.\(name).min_characters must be 0 to 100")
            }
            if let range = override.textHeight {
                guard range.count == 2, range.allSatisfy({ $0.isFinite && $0 > 0 && $0 <= 1 }), range[0] <= range[1] else {
                    throw fail("ocr.overrides.\(name).text_height must be [least, most], fractions of the frame's height")
                }
            }
        }
        if let confidence = ocr.minConfidence, !(0...100).contains(confidence) {
            throw fail("ocr.min_confidence must be 0 to 100")
        }
        for region in ocr.regions where crops[region] == nil {
            throw fail("ocr reads region \(region), which is not among the crops")
        }
        for (name, timing) in timings.sorted(by: { $0.key < $1.key }) {
            guard timing.isFinite, (0...Self.maximumSeconds).contains(timing) else {
                throw fail("timing \(name) is \(timing): it must be a number from 0 to 86400")
            }
        }
        for (name, clip) in clips.sorted(by: { $0.key < $1.key }) {
            for (side, value) in [("before", clip.before), ("after", clip.after)] {
                guard value.isFinite, (0...Self.maximumSeconds).contains(value) else {
                    throw fail("clip window \(name).\(side) is \(value): it must be a number of seconds from 0 to 86400")
                }
            }
        }
        if let counter {
            try counter.validate(source: source, crops: crops)
        }
    }

    /// The profile as JSON (for --print-profile and scripts); file paths in it are absolute.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
