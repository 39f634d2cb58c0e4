import Foundation

/// The `Retry-After` header of an answer (RFC 9110 10.2.3): a number of seconds (digits only)
/// or an HTTP date (IMF-fixdate, or the obsolete RFC 850 and asctime forms). Anything else
/// (`nan`, `-5`, `1e300`, a damaged date) is ignored. Callers cap the wait they take from it.
public enum RetryAfter {
    /// Seconds to wait from now (0 for a date in the past), or nil when `value` is neither
    /// form. A number of seconds too long to hold is `Double.infinity` (callers cap it).
    public static func seconds(_ value: String, now: Double = Date().timeIntervalSince1970) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        if text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            return text.count > 15 ? .infinity : Double(text)
        }
        guard let date = httpDate(text) else { return nil }
        return max(0, date - now)
    }

    /// Seconds since 1970 of an HTTP date, or nil.
    static func httpDate(_ text: String) -> Double? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        func month(_ name: String) -> Int? { months.firstIndex(of: name.lowercased()).map { $0 + 1 } }
        var day: Int?, monthNumber: Int?, year: Int?, clock: String?
        switch words.count {
        case 6 where words[5] == "GMT":
            // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
            (day, monthNumber, year, clock) = (Int(words[1]), month(words[2]), Int(words[3]), words[4])
        case 4 where words[3] == "GMT":
            // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
            let parts = words[1].split(separator: "-").map(String.init)
            guard parts.count == 3, let short = Int(parts[2]) else { return nil }
            (day, monthNumber, year, clock) = (Int(parts[0]), month(parts[1]), short < 70 ? 2000 + short : 1900 + short, words[2])
        case 5:
            // asctime: Sun Nov  6 08:49:37 1994
            (day, monthNumber, year, clock) = (Int(words[2]), month(words[1]), Int(words[4]), words[3])
        default:
            return nil
        }
        guard let day, let monthNumber, let year, let clock, (1970...9999).contains(year),
              (1...CivilCalendar.daysIn(month: monthNumber, year: year)).contains(day) else { return nil }
        let parts = clock.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 3, (0...23).contains(parts[0]), (0...59).contains(parts[1]), (0...60).contains(parts[2]) else {
            return nil
        }
        let days = CivilCalendar.daysSince1970(year: year, month: monthNumber, day: day)
        return Double(days * 86_400 + parts[0] * 3600 + parts[1] * 60 + parts[2])
    }
}

extension HTTPResponse {
    /// The answer's `Retry-After` in seconds from now, capped at `cap`; nil when absent or
    /// not valid (see `RetryAfter`).
    public func retryAfter(cap: Double) -> Double? {
        header("Retry-After").flatMap { RetryAfter.seconds($0) }.map { min($0, cap) }
    }
}
