/// One NDJSON record: a JSON object that flows between tools.
///
/// A record read from input remembers its line: written out unchanged, it is the same bytes.
/// Once a field is set the record is written from its members (in their order; unknown fields
/// keep their values, numbers their literals).
public struct Record: Sendable, Equatable {
    /// The record's members.
    public private(set) var object: JSONObject
    private var line: [UInt8]?

    /// A new record of `type` with further members after it.
    public init(type: String, _ members: JSONObject = JSONObject()) {
        var object = JSONObject()
        object["type"] = .string(type)
        for member in members where member.key != "type" {
            object[member.key] = member.value
        }
        self.object = object
    }

    /// A record from an object.
    public init(_ object: JSONObject) {
        self.object = object
    }

    /// A record parsed from `line`, keeping the line for unchanged output.
    init(object: JSONObject, line: [UInt8]) {
        self.object = object
        self.line = line
    }

    /// Parses one NDJSON line (without its newline) as a record.
    public static func parse(line: some Collection<UInt8>) throws -> Record {
        let bytes = Array(line)
        guard case .object(let object) = try JSONParser.parse(bytes) else {
            throw RecordError.notAnObject
        }
        return Record(object: object, line: bytes)
    }

    /// The `type` field: `segment`, `frame`, `event`, `clip`, ... (nil when missing).
    public var type: String? { object["type"]?.stringValue }

    /// A field's value; setting one rewrites the record from its members when written.
    public subscript(key: String) -> JSONValue? {
        get { object[key] }
        set {
            object[key] = newValue
            line = nil
        }
    }

    /// The record's NDJSON text without the newline: its original line if unchanged.
    public func serialized() -> [UInt8] {
        line ?? object.serialized()
    }

    public static func == (lhs: Record, rhs: Record) -> Bool {
        lhs.object == rhs.object
    }
}

/// Why a JSON line is not a record.
public enum RecordError: Error, Sendable, CustomStringConvertible {
    case notAnObject

    public var description: String {
        switch self {
        case .notAnObject: "not a JSON object"
        }
    }
}
