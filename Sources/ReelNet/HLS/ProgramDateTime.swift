import Foundation

/// `EXT-X-PROGRAM-DATE-TIME` and `EXT-X-DATERANGE` times: RFC 3339 text and seconds since 1970.
public enum ProgramDateTime {
    /// Seconds since 1970 of an RFC 3339 date-time (`2026-11-21T10:03:00.250Z`, `...+01:00`).
    public static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withFraction.date(from: trimmed) {
            return date.timeIntervalSince1970
        }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return plain.date(from: trimmed)?.timeIntervalSince1970
    }

    /// `seconds` as RFC 3339 in UTC with milliseconds.
    public static func text(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
