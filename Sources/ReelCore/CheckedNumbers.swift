/// A number from outside (a record field, a playlist tag, an HTTP header, a profile, a file
/// header) that is not finite or lies outside the range its use allows.
///
/// Numbers are checked where they enter, with the accessors below, so that no later
/// conversion (`Int(x)`, a timestamp in a time base) or sum can trap on them. Inside
/// `ToolRun.forEachRecord` a `NumberRangeError` thrown for a record is reported as bad data at
/// its `FILE:LINE` (`badInput`) and the record skipped.
public struct NumberRangeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What the number is (`t`, `clip.start`, `EXT-X-MEDIA-SEQUENCE`).
    public var name: String
    /// The value as written.
    public var value: String
    /// The range allowed, in words (`0 to 1e9 s`).
    public var allowed: String

    public init(_ name: String, value: String, allowed: String) {
        self.name = name
        self.value = value
        self.allowed = allowed
    }

    public var description: String { "\(name) \(value) is out of range (\(allowed))" }
}

/// The bounds reel puts on numbers from outside.
public enum NumberLimits {
    /// The largest stream time, duration or offset in seconds reel accepts: 1e9 s, about 31
    /// years. Any such time converts to a timestamp in any time base finer than a nanosecond
    /// without overflow.
    public static let seconds = 1e9
    /// How far a stream time may jump past the previous one and still continue it: a day.
    /// A larger jump is a discontinuity, not a new origin of time.
    public static let plausibleJump = 86_400.0

    /// `range` in words for messages: `0 to 1e+09`.
    static func describe(_ range: ClosedRange<Double>, unit: String) -> String {
        "\(shortest(range.lowerBound)) to \(shortest(range.upperBound))\(unit.isEmpty ? "" : " " + unit)"
    }

    /// `86400`, `0.001`, `1e9`, `-1e9`: whole numbers with six or more trailing zeros in
    /// exponent form.
    static func shortest(_ value: Double) -> String {
        guard var whole = Int(checking: value, rounding: .towardZero), Double(whole) == value else { return value.description }
        var exponent = 0
        while whole != 0, whole % 10 == 0 {
            whole /= 10
            exponent += 1
        }
        return exponent >= 6 ? "\(whole)e\(exponent)" : String(Int(checking: value) ?? 0)
    }
}

extension FixedWidthInteger {
    /// `value` rounded by `rule` when that is a whole number this type holds; nil for NaN,
    /// infinities and values out of range. The one conversion from `Double` to an integer
    /// for values that come from outside or are computed from them: never a trap.
    @inlinable
    public init?(checking value: Double, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) {
        guard value.isFinite else { return nil }
        self.init(exactly: value.rounded(rule))
    }

    /// `value` rounded by `rule` and clamped to this type's range (NaN gives 0): for
    /// computed positions where the nearest representable value is the right answer.
    @inlinable
    public init(saturating value: Double, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) {
        if let exact = Self(checking: value, rounding: rule) {
            self = exact
        } else if value.isNaN {
            self = 0
        } else {
            self = value > 0 ? .max : .min
        }
    }

    /// `self + other`, or nil when the sum does not fit.
    @inlinable
    public func adding(checked other: Self) -> Self? {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? nil : sum
    }

    /// `self * other`, or nil when the product does not fit.
    @inlinable
    public func multiplied(checked other: Self) -> Self? {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? nil : product
    }
}

extension JSONValue {
    /// This number when it is finite and within `range`; nil when this is not a number (a
    /// missing or mistyped field). Throws when it is a number out of range (`1e300`, `1e400`).
    public func number(_ name: String, in range: ClosedRange<Double>, unit: String = "") throws(NumberRangeError) -> Double? {
        guard case .number(let number) = self else { return nil }
        let value = number.doubleValue
        guard value.isFinite, range.contains(value) else {
            throw NumberRangeError(name, value: number.literal, allowed: NumberLimits.describe(range, unit: unit))
        }
        return value
    }

    /// This number as a whole number within `range`; nil when this is not a number. Throws
    /// when it is a number that is not whole or out of range.
    public func integer(_ name: String, in range: ClosedRange<Int>) throws(NumberRangeError) -> Int? {
        guard case .number(let number) = self else { return nil }
        guard let value = number.intValue, range.contains(value) else {
            throw NumberRangeError(name, value: number.literal, allowed: "a whole number, \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// This number as seconds of stream time (`-1e9` to `1e9`); nil when this is not a number.
    public func seconds(_ name: String) throws(NumberRangeError) -> Double? {
        try number(name, in: -NumberLimits.seconds...NumberLimits.seconds, unit: "s")
    }
}

extension Record {
    /// The field `key` as seconds of stream time, checked (see `JSONValue.seconds(_:)`).
    public func seconds(_ key: String) throws(NumberRangeError) -> Double? {
        try self[key]?.seconds(key)
    }

    /// The field `key` as a number within `range`, checked (see `JSONValue.number(_:in:unit:)`).
    public func number(_ key: String, in range: ClosedRange<Double>, unit: String = "") throws(NumberRangeError) -> Double? {
        try self[key]?.number(key, in: range, unit: unit)
    }
}
