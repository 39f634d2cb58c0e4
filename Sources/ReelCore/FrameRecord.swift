/// A `frame` record: one sampled frame and what the readers found in it (frame-sample writes
/// it; ocr-frame, skull-find and digit-classify add to it; event-detect reads it).
/// reel-records(5), FRAME. Its time, size and crops are read through `Record`'s frame
/// accessors (`frameTime`, `frameSize`, `crop(_:)`), which name the fields through `Field`.
public struct FrameRecord: RecordView, Equatable {
    /// The fields, in the order the tools write them.
    public enum Field: String, CaseIterable, Sendable {
        case t, pts, source, key, w, h, crops, damaged, ocr, skull, kills
        case killsReason = "kills_reason"
    }

    /// The icon skull-find found: its box in the pixels of the crop, and how sure it is.
    public struct Icon: Sendable, Equatable {
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int
        /// 0 to 1 (1 when the record does not say).
        public var score: Double

        public init(x: Int, y: Int, width: Int, height: Int, score: Double) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
            self.score = score
        }
    }

    /// What a frame's `skull` field says.
    public enum IconField: Sendable, Equatable {
        /// No `skull` field: skull-find has not looked.
        case absent
        /// `null`: no icon there.
        case notFound
        /// An icon.
        case found(Icon)
        /// Something no image can hold: not an object of whole numbers from 0 to `Record.maximumSide`.
        case outOfRange
    }

    /// The kill count digit-classify read: the count, each digit with its probability, and
    /// the probability that all are right.
    public struct Kills: Sendable, Equatable {
        public var value: Int
        public var digits: [(digit: Int, probability: Double)]
        public var confidence: Double

        public init(value: Int, digits: [(digit: Int, probability: Double)], confidence: Double) {
            self.value = value
            self.digits = digits
            self.confidence = confidence
        }

        public static func == (a: Kills, b: Kills) -> Bool {
            a.value == b.value && a.confidence == b.confidence
                && a.digits.map(\.digit) == b.digits.map(\.digit) && a.digits.map(\.probability) == b.digits.map(\.probability)
        }
    }

    public static let type = "frame"
    public private(set) var record: Record

    public init(unchecked record: Record) {
        self.record = record
    }

    /// The `skull` field.
    public var icon: IconField {
        switch record[Field.skull] {
        case nil: return .absent
        case .null?: return .notFound
        case let value?:
            guard let skull = value.objectValue else { return .outOfRange }
            let side = 0...Record.maximumSide
            guard let x = skull["x"]?.intValue, let y = skull["y"]?.intValue, let w = skull["w"]?.intValue,
                  let h = skull["h"]?.intValue, side.contains(x), side.contains(y), (1...Record.maximumSide).contains(w),
                  (1...Record.maximumSide).contains(h) else { return .outOfRange }
            let score = skull["score"]?.doubleValue ?? 1
            return .found(Icon(x: x, y: y, width: w, height: h, score: score.isFinite ? score : 1))
        }
    }

    /// Sets `skull`: the icon's box and score, or null for none.
    public mutating func setIcon(_ icon: Icon?) {
        guard let icon else {
            record[Field.skull] = .null
            return
        }
        record[Field.skull] = [
            "x": JSONValue(icon.x), "y": JSONValue(icon.y), "w": JSONValue(icon.width), "h": JSONValue(icon.height),
            "score": JSONValue(icon.score),
        ]
    }

    /// The count in `kills` (its `value`), when it is a whole number from 0 to 999 999.
    public var killCount: Int? {
        record[Field.kills]?["value"]?.intValue.flatMap { (0...999_999).contains($0) ? $0 : nil }
    }

    /// Sets `kills` to a reading and removes `kills_reason`.
    public mutating func setKills(_ kills: Kills) {
        record[Field.kills] = [
            "value": JSONValue(kills.value),
            "digits": .array(kills.digits.map { ["d": JSONValue($0.digit), "p": JSONValue($0.probability)] }),
            "conf": JSONValue(kills.confidence),
        ]
        record[Field.killsReason] = nil
    }

    /// Sets `kills` to null and `kills_reason` to why no count was read.
    public mutating func setNoKills(reason: String) {
        record[Field.kills] = .null
        record[Field.killsReason] = .string(reason)
    }
}
