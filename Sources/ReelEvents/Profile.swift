import Foundation
import ReelCore

/// What a game's HUD looks like and how its readings become events: data, not code.
///
/// A profile names the regions the pipeline crops and reads (with their boxes, for the
/// scripts that run frame-sample and ocr-frame), the patterns the texts match, how many
/// readings confirm something, the game's timings, and the clip windows. The built-in profiles
/// are `br` and `football`; a JSON file can replace one or change parts of it
/// (`"extends": "br"`, then only the fields to change).
public struct Profile: Codable, Sendable, Equatable {
    /// Which event logic reads the profile: "battle-royale" or "football".
    public var kind: String
    public var name: String
    /// Regions the pipeline crops (frame-sample `--crop NAME=x,y,w,h`, fractions of the frame).
    public var crops: [String: String]
    /// How the pipeline samples and reads (for the scripts).
    public var sampling: Sampling
    public var ocr: OCR
    /// Text patterns (regular expressions), matched against a region's text with spaces removed.
    public var patterns: [String: Pattern]
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
    }

    public struct OCR: Codable, Sendable, Equatable {
        /// The crops ocr-frame reads.
        public var regions: [String]
        public var whitelist: String
        public var upper: Bool
        /// ocr-frame's --invert: yes when the HUD's texts are light (the spec's all are).
        public var invert: String
    }

    /// A text to look for in one region.
    public struct Pattern: Codable, Sendable, Equatable {
        /// The region (an `ocr` entry of the frame record).
        public var region: String
        /// A regular expression; its capture groups give values (placement, score).
        public var regex: String
        /// Match the text with its word spaces (one space between words) instead of none:
        /// for values that neighbouring words could run into (a team code read X00 beside a score).
        public var spaced: Bool?
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
    }

    public struct ClipWindow: Codable, Sendable, Equatable {
        public var before: Double
        public var after: Double
    }

    /// The built-in profiles by name.
    public static let builtIn: [String: String] = ["br": battleRoyaleJSON, "football": footballJSON]

    /// A built-in profile, or a file's (which may extend a built-in one).
    public static func load(_ nameOrPath: String) throws(ToolError) -> Profile {
        if let json = builtIn[nameOrPath] {
            return try decode(Array(json.utf8), source: nameOrPath)
        }
        guard let data = FileManager.default.contents(atPath: nameOrPath) else {
            throw ToolError("no such profile (built in: \(builtIn.keys.sorted().joined(separator: ", ")))",
                            at: nameOrPath, status: .noInput)
        }
        var value: JSONValue
        do {
            value = try JSONParser.parse([UInt8](data))
        } catch {
            throw ToolError("not valid JSON: \(error)", at: nameOrPath, status: .dataError)
        }
        if let base = value["extends"]?.stringValue {
            guard let json = builtIn[base], case .object(let baseObject) = (try? JSONParser.parse(json)) ?? .null,
                  case .object(let changes) = value else {
                throw ToolError("extends an unknown profile '\(base)'", at: nameOrPath, status: .dataError)
            }
            value = .object(merge(baseObject, changes))
        }
        return try decode(value.serialized(), source: nameOrPath)
    }

    private static func decode(_ bytes: [UInt8], source: String) throws(ToolError) -> Profile {
        let profile: Profile
        do {
            profile = try JSONDecoder().decode(Profile.self, from: Data(bytes))
        } catch {
            throw ToolError("not a profile: \(error)", at: source, status: .dataError)
        }
        try profile.validate(source: source)
        return profile
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
        guard ["battle-royale", "football"].contains(kind) else {
            throw ToolError("kind must be battle-royale or football, not \(kind)", at: source, status: .dataError)
        }
        for (name, pattern) in patterns where (try? Regex(pattern.regex)) == nil {
            throw ToolError("pattern \(name) is not a regular expression: \(pattern.regex)", at: source, status: .dataError)
        }
        guard confirm.texts.count >= 1, confirm.texts.count <= confirm.texts.of,
              confirm.values.count >= 1, confirm.values.count <= confirm.values.of else {
            throw ToolError("confirm counts must be 1 to their window", at: source, status: .dataError)
        }
        try validateTimings(source: source)
    }

    /// The profile as JSON (for --print-profile and scripts).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// A timing by name, or a default.
    public func timing(_ name: String, default value: Double) -> Double {
        timings[name] ?? value
    }
}

extension Profile {
    static let battleRoyaleJSON = #"""
    {
      "kind": "battle-royale",
      "name": "br",
      "crops": {
        "hud": "0.5,0,0.5,0.1",
        "select": "0.15,0.04,0.70,0.17",
        "placed": "0.02,0.06,0.55,0.15",
        "spectating": "0.25,0.79,0.50,0.14"
      },
      "sampling": {"every": 2, "mode": "key", "rgb": true},
      "ocr": {
        "regions": ["select", "placed", "spectating"],
        "whitelist": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#:- ",
        "upper": true,
        "invert": "yes"
      },
      "patterns": {
        "select": {"region": "select", "regex": "SELECTLEGEND"},
        "placed": {"region": "placed", "regex": "PLACED#?(\\d{1,2})OF20"},
        "spectating": {"region": "spectating", "regex": "SPECTATING"}
      },
      "confirm": {"texts": {"count": 2, "of": 3}, "values": {"count": 2, "of": 3}},
      "timings": {"quiet": 12, "kills_per_second": 1, "burst": 3},
      "clips": {"match": {"before": 5, "after": 8}, "kill": {"before": 10, "after": 4}}
    }
    """#

    static let footballJSON = #"""
    {
      "kind": "football",
      "name": "football",
      "crops": {
        "scoreboard": "0,0,0.5,0.12",
        "replay": "0.6,0,0.4,0.15",
        "banner": "0.25,0.38,0.5,0.24"
      },
      "sampling": {"every": 1, "mode": "exact", "rgb": true},
      "ocr": {
        "regions": ["scoreboard", "replay", "banner"],
        "whitelist": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#:- ",
        "upper": true,
        "invert": "yes"
      },
      "patterns": {
        "score": {"region": "scoreboard", "regex": "(?:^| )(\\d{1,2}) ?- ?(\\d{1,2})(?= |$)", "spaced": true},
        "period": {"region": "scoreboard", "regex": "(HT|FT)$"},
        "replay": {"region": "replay", "regex": "REPLAY"},
        "banner": {"region": "banner", "regex": "GOAL"}
      },
      "confirm": {"texts": {"count": 2, "of": 3}, "values": {"count": 2, "of": 3}},
      "timings": {"replay_after_goal_min": 2, "replay_after_goal_max": 4, "replay_after_banner_goal": 4,
                  "banner_from": 1, "banner_to": 4},
      "clips": {"goal": {"before": 20, "after": 5}}
    }
    """#
}
