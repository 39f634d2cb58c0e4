import Foundation

extension Profile {
    /// A stage of the reading pipeline, by the part of the profile it reads.
    public enum Stage: String, CaseIterable, Sendable {
        /// frame-sample: the crops and the sampling.
        case sample
        /// ocr-frame, skull-find, digit-classify: the crops, how text is read, the patterns
        /// (which tell how long a region's texts are) and the counter.
        case read
        /// event-detect: the patterns, the counter's absence value, periods, confirmation,
        /// timings and clip windows.
        case detect

        /// The profile's top-level fields the stage reads (its kind and name too).
        public var fields: Set<String> {
            switch self {
            case .sample: ["kind", "name", "crops", "sampling"]
            case .read: ["kind", "name", "crops", "ocr", "patterns", "counter"]
            case .detect: ["kind", "name", "patterns", "counter", "periods", "confirm", "timings", "clips"]
            }
        }
    }

    /// The part of the profile `stage` reads, as JSON (the whole profile for nil); file paths in
    /// it are absolute.
    public func json(stage: Stage?) -> String {
        guard let stage else { return json }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(StagePart(profile: self, fields: stage.fields)))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// The fields of a profile one stage reads, encoded as the profile encodes them.
private struct StagePart: Encodable {
    let profile: Profile
    let fields: Set<String>

    private enum Key: String, CodingKey {
        case kind, name, crops, sampling, ocr, patterns, counter, periods, confirm, timings, clips
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for key in [Key.kind, .name, .crops, .sampling, .ocr, .patterns, .counter, .periods, .confirm, .timings, .clips]
        where fields.contains(key.rawValue) {
            switch key {
            case .kind: try container.encode(profile.kind, forKey: key)
            case .name: try container.encode(profile.name, forKey: key)
            case .crops: try container.encode(profile.crops, forKey: key)
            case .sampling: try container.encode(profile.sampling, forKey: key)
            case .ocr: try container.encode(profile.ocr, forKey: key)
            case .patterns: try container.encode(profile.patterns, forKey: key)
            case .counter: try container.encodeIfPresent(profile.counter, forKey: key)
            case .periods: try container.encodeIfPresent(profile.periods, forKey: key)
            case .confirm: try container.encode(profile.confirm, forKey: key)
            case .timings: try container.encode(profile.timings, forKey: key)
            case .clips: try container.encode(profile.clips, forKey: key)
            }
        }
    }
}
