/// A JSON number kept as its literal text, so a value read and written again is unchanged.
///
/// Two numbers are equal when their values are (`1.0 == 1`), whatever their literals.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number as written in JSON, e.g. `812.0`, `-3`, `1e-7`.
    public let literal: String

    /// A number from literal text the parser has already checked against JSON's grammar.
    init(validatedLiteral literal: String) {
        self.literal = literal
    }

    /// The shortest literal that reads back as `value`; `value` must be finite.
    public init(_ value: Double) {
        precondition(value.isFinite, "JSON has no literal for \(value)")
        if value == value.rounded(), abs(value) < 1e15 {
            // 812.0 rather than 812: times stay recognisably real numbers.
            literal = String(Int64(value)) + ".0"
        } else {
            literal = value.description
        }
    }

    /// An integer literal.
    public init(_ value: Int) {
        literal = String(value)
    }

    /// The value as a Double (the nearest one for long literals).
    public var doubleValue: Double {
        Double(literal) ?? .nan
    }

    /// The value as an Int when it is a whole number in range (`3`, `3.0`, `3e0`).
    public var intValue: Int? {
        if let exact = Int(literal) {
            return exact
        }
        let value = doubleValue
        guard value == value.rounded(), abs(value) < 9.0e15 else {
            return nil
        }
        return Int(value)
    }

    public var description: String { literal }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.literal == rhs.literal || lhs.doubleValue == rhs.doubleValue
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(doubleValue)
    }
}
