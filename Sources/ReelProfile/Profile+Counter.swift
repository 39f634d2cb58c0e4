import Foundation
import ReelCore

extension Profile {
    /// A number shown beside an icon (the kill count beside the skull): what skull-find looks for
    /// and what digit-classify reads.
    public struct Counter: Codable, Sendable, Equatable {
        /// The crop holding icon and digits.
        public var region: String
        /// The icon as it looks on screen (PNG, PGM or PPM cut from a frame; transparent pixels
        /// are not part of it); nil: the built-in skull glyph.
        public var template: String?
        /// The height of the frames the template was cut from (it is scaled by this stream's
        /// height over it); nil: the same height.
        public var templateHeight: Int?
        /// The least match score (0 to 1) that counts as the icon.
        public var minScore: Double?
        /// Digit network weights (`digit-classify train`); nil: the shipped ones.
        public var model: String?
        /// Where the digits sit: a box relative to the icon, in icon heights.
        public var digits: DigitBox
        /// What the digits' ink looks like.
        public var ink: Ink
        /// The most digits the number has.
        public var maxDigits: Int
        /// What no counter during a match means: a value (0 when the game hides it at zero) or
        /// nil when it only means hidden.
        public var absent: Int?

        public init(region: String = "hud", template: String? = nil, templateHeight: Int? = nil, minScore: Double? = nil,
                    model: String? = nil, digits: DigitBox = .right, ink: Ink = .light, maxDigits: Int = 3, absent: Int? = nil) {
            self.region = region
            self.template = template
            self.templateHeight = templateHeight
            self.minScore = minScore
            self.model = model
            self.digits = digits
            self.ink = ink
            self.maxDigits = maxDigits
            self.absent = absent
        }

        enum CodingKeys: String, CodingKey {
            case region, template, model, digits, ink, absent
            case templateHeight = "template_height"
            case minScore = "min_score"
            case maxDigits = "max_digits"
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            region = try container.decodeIfPresent(String.self, forKey: .region) ?? "hud"
            template = try container.decodeIfPresent(String.self, forKey: .template)
            templateHeight = try container.decodeIfPresent(Int.self, forKey: .templateHeight)
            minScore = try container.decodeIfPresent(Double.self, forKey: .minScore)
            model = try container.decodeIfPresent(String.self, forKey: .model)
            digits = try container.decodeIfPresent(DigitBox.self, forKey: .digits) ?? .right
            ink = try container.decodeIfPresent(Ink.self, forKey: .ink) ?? .light
            maxDigits = try container.decodeIfPresent(Int.self, forKey: .maxDigits) ?? 3
            absent = try container.decodeIfPresent(Int.self, forKey: .absent)
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(region, forKey: .region)
            try container.encode(template, forKey: .template)
            try container.encodeIfPresent(templateHeight, forKey: .templateHeight)
            try container.encodeIfPresent(minScore, forKey: .minScore)
            try container.encode(model, forKey: .model)
            try container.encode(digits, forKey: .digits)
            try container.encode(ink, forKey: .ink)
            try container.encode(maxDigits, forKey: .maxDigits)
            try container.encode(absent, forKey: .absent)
        }

        /// Relative file paths made absolute against the profile's folder.
        mutating func resolvePaths(against folder: String) {
            func resolved(_ path: String?) -> String? {
                guard let path, !path.hasPrefix("/") else { return path }
                return URL(fileURLWithPath: folder).appendingPathComponent(path).standardizedFileURL.path
            }
            template = resolved(template)
            model = resolved(model)
        }

        func validate(source: String, crops: [String: String]) throws(ToolError) {
            func fail(_ reason: String, failure: FailureKind = .badInput) -> ToolError { ToolError(reason, at: source, failure: failure) }
            guard crops[region] != nil else { throw fail("counter.region \(region) is not among the crops") }
            for (name, path) in [("template", template), ("model", model)] {
                guard let path else { continue }
                var status = stat()
                guard stat(path, &status) == 0 else { throw fail("counter.\(name): no such file \(path)", failure: .missingInput) }
                guard status.st_mode & S_IFMT == S_IFREG else { throw fail("counter.\(name): not a regular file: \(path)") }
            }
            if let templateHeight, !(16...8640).contains(templateHeight) {
                throw fail("counter.template_height must be 16 to 8640 pixels")
            }
            if let minScore, !(minScore > 0 && minScore < 1) { throw fail("counter.min_score must lie between 0 and 1") }
            guard (1...6).contains(maxDigits) else { throw fail("counter.max_digits must be 1 to 6") }
            if let absent, absent < 0 || absent > 999_999 { throw fail("counter.absent must be a count (0 to 999999) or null") }
            try digits.validate(source: source)
        }
    }

    /// A box relative to the icon: its top-left corner `x`, `y` from the icon's top-right
    /// corner, its size `w` x `h`, all in icon heights (`x` negative: left of the icon).
    public struct DigitBox: Codable, Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var w: Double
        public var h: Double

        public init(x: Double, y: Double, w: Double, h: Double) {
            self.x = x
            self.y = y
            self.w = w
            self.h = h
        }

        /// Right of the icon, up to three digits as tall as it.
        public static let right = DigitBox(x: 0, y: -0.3, w: 3.2, h: 1.6)

        func validate(source: String) throws(ToolError) {
            guard [x, y, w, h].allSatisfy({ $0.isFinite && abs($0) <= 50 }), w >= 0.2, h >= 0.2 else {
                throw ToolError("counter.digits: x and y within ±50 icon heights, w and h 0.2 to 50", at: source, failure: .badInput)
            }
        }
    }

    /// How the digits' ink looks: lighter or darker than what is around it, or of given colours.
    public enum Ink: Sendable, Equatable, Codable {
        case light
        case dark
        /// Any of these colours (red, green, blue 0-255), give or take compression.
        case colours([[Int]])

        public init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let word = try? container.decode(String.self) {
                switch word {
                case "light": self = .light
                case "dark": self = .dark
                default:
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "ink is light, dark or a list of colours like \"#FFFFFF\"")
                }
                return
            }
            let names = try container.decode([String].self)
            var colours: [[Int]] = []
            for name in names {
                guard let colour = Self.parse(name) else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(name) is not a colour like #FF4040")
                }
                colours.append(colour)
            }
            guard !colours.isEmpty, colours.count <= 8 else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "ink names 1 to 8 colours")
            }
            self = .colours(colours)
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .light: try container.encode("light")
            case .dark: try container.encode("dark")
            case .colours(let colours):
                try container.encode(colours.map { c in "#" + c.map { String(format: "%02X", $0) }.joined() })
            }
        }

        /// `#RRGGBB` as [r, g, b].
        static func parse(_ text: String) -> [Int]? {
            guard text.count == 7, text.first == "#", let value = Int(text.dropFirst(), radix: 16) else { return nil }
            return [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF]
        }
    }
}
