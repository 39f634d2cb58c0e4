/// An HLS attribute list (`BANDWIDTH=1280000,RESOLUTION=1280x720,CODECS="avc1.4d401f,mp4a.40.2"`):
/// names to values, quoted strings unquoted.
public struct HLSAttributes: Sendable, Equatable {
    /// The values by name, as written (quotes removed).
    public private(set) var values: [String: String] = [:]

    /// Parses `text`; tolerant of spaces around names and of a trailing comma.
    public init(_ text: Substring) {
        var index = text.startIndex
        while index < text.endIndex {
            while index < text.endIndex, text[index] == "," || text[index] == " " { index = text.index(after: index) }
            guard let equals = text[index...].firstIndex(of: "=") else { break }
            let name = text[index..<equals].trimmingCharacters(in: " ").uppercased()
            var cursor = text.index(after: equals)
            var value = ""
            if cursor < text.endIndex, text[cursor] == "\"" {
                let open = text.index(after: cursor)
                let close = text[open...].firstIndex(of: "\"") ?? text.endIndex
                value = String(text[open..<close])
                cursor = close < text.endIndex ? text.index(after: close) : close
                if let comma = text[cursor...].firstIndex(of: ",") { cursor = comma }
                else { cursor = text.endIndex }
            } else {
                let comma = text[cursor...].firstIndex(of: ",") ?? text.endIndex
                value = text[cursor..<comma].trimmingCharacters(in: " ")
                cursor = comma
            }
            if !name.isEmpty { values[name] = value }
            index = cursor
        }
    }

    public subscript(name: String) -> String? { values[name] }

    /// An integer attribute, when it reads as one (a decimal is cut to its integer part, as
    /// some servers write BANDWIDTH=1280000.0).
    public func integer(_ name: String) -> Int? {
        guard let text = values[name] else { return nil }
        if let value = Int(text) { return value }
        guard let value = Double(text), value.isFinite, abs(value) < 9e15 else { return nil }
        return Int(value)
    }

    /// A decimal attribute, when it reads as a finite number (`inf` and `nan` do not).
    public func decimal(_ name: String) -> Double? {
        values[name].flatMap { Double($0) }.flatMap { $0.isFinite ? $0 : nil }
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        var text = self
        while text.first == set { text.removeFirst() }
        while text.last == set { text.removeLast() }
        return String(text)
    }
}
