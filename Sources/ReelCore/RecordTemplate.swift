/// Text made from a record's fields: `{kills} kills, placed #{placement}`, `{kind}-{start}`.
///
/// `{name}` is a top-level field, `{a.b}` a field of an object field; `{{` and `}}` are
/// literal braces. Numbers print in their shortest form (`12`, `1214.5`), strings as they
/// are, other values as JSON. A field the record lacks prints as nothing, or as `missing`.
public struct RecordTemplate: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case text(String)
        case field([String])
    }

    /// The template as written.
    public let source: String
    let parts: [Part]

    /// Parses `source`; throws for an unclosed `{` or an empty field name.
    public init(_ source: String) throws(ToolError) {
        self.source = source
        var parts: [Part] = []
        var text = ""
        var index = source.startIndex
        while index < source.endIndex {
            let character = source[index]
            let following = source.index(after: index)
            if (character == "{" || character == "}"), following < source.endIndex, source[following] == character {
                text.append(character)
                index = source.index(after: following)
                continue
            }
            if character == "{" {
                guard let close = source[following...].firstIndex(of: "}") else {
                    throw ToolError("unclosed { in template", at: source, failure: .badUsage)
                }
                let name = String(source[following..<close]).trimmingWhitespace
                guard !name.isEmpty else {
                    throw ToolError("empty {} in template", at: source, failure: .badUsage)
                }
                if !text.isEmpty { parts.append(.text(text)) }
                text = ""
                parts.append(.field(name.split(separator: ".").map(String.init)))
                index = source.index(after: close)
                continue
            }
            text.append(character)
            index = following
        }
        if !text.isEmpty { parts.append(.text(text)) }
        self.parts = parts
    }

    /// The names of the fields it uses (`a.b` for nested ones).
    public var fields: [String] {
        parts.compactMap { part in
            if case .field(let path) = part { return path.joined(separator: ".") }
            return nil
        }
    }

    /// The fields it uses that `object` lacks (`a.b` for nested ones), in the template's order.
    public func missingFields(in object: JSONObject) -> [String] {
        parts.compactMap { part in
            guard case .field(let path) = part, Self.value(at: path, in: object) == nil else { return nil }
            return path.joined(separator: ".")
        }
    }

    /// The text for `object`, fields it lacks written as `missing`.
    public func render(_ object: JSONObject, missing: String = "") -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let text):
                out += text
            case .field(let path):
                out += Self.value(at: path, in: object).map(Self.text(of:)) ?? missing
            }
        }
        return out
    }

    /// A file name for `object`: every character outside `A-Za-z0-9._-` becomes `_`, and the
    /// name cannot be empty, `.`/`..` or start with a dot (it cannot leave its folder).
    public func fileName(for object: JSONObject) -> String {
        let rendered = render(object, missing: "none")
        var name = String(rendered.unicodeScalars.map { scalar -> Character in
            let ok = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                || (scalar >= "0" && scalar <= "9") || scalar == "." || scalar == "_" || scalar == "-"
            return ok ? Character(scalar) : "_"
        })
        while name.hasPrefix(".") { name.removeFirst() }
        if name.isEmpty { name = "clip" }
        return String(name.prefix(200))
    }

    static func value(at path: [String], in object: JSONObject) -> JSONValue? {
        guard let first = path.first, var value = object[first] else { return nil }
        for key in path.dropFirst() {
            guard let next = value[key] else { return nil }
            value = next
        }
        return value
    }

    /// How a value reads in text.
    public static func text(of value: JSONValue) -> String {
        switch value {
        case .string(let string): return string
        case .number(let number): return shortest(number.doubleValue)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array, .object: return String(decoding: value.serialized(), as: UTF8.self)
        }
    }

    /// `12` for 12.0, `1214.5` for 1214.5, at most 3 decimals.
    public static func shortest(_ number: Double) -> String {
        let rounded = (number * 1000).rounded() / 1000
        if rounded == rounded.rounded(), abs(rounded) < 1e15 {
            return String(Int64(rounded))
        }
        return String(rounded)
    }
}

extension String {
    /// The text without whitespace at either end.
    package var trimmingWhitespace: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
