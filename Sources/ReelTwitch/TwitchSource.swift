/// What to fetch from Twitch: a channel's live stream or a VOD.
public enum TwitchSource: Sendable, Equatable {
    case channel(String)
    case vod(String)

    /// A channel from `NAME` or `https://www.twitch.tv/NAME` (letters, digits, `_`; 1 to 25).
    public static func channel(parsing text: String) -> TwitchSource? {
        let name = lastPathPart(text).lowercased()
        guard (1...25).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            return nil
        }
        return .channel(name)
    }

    /// A VOD from `1234567890`, `v1234567890` or `https://www.twitch.tv/videos/1234567890`.
    public static func vod(parsing text: String) -> TwitchSource? {
        var id = Substring(lastPathPart(text))
        if id.hasPrefix("v") {
            id = id.dropFirst()
        }
        guard (1...20).contains(id.count), id.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        return .vod(String(id))
    }

    /// The text itself, or the last path part of a twitch.tv URL ("" for other text with `/`).
    private static func lastPathPart(_ text: String) -> String {
        guard text.contains("/") else { return text }
        let path = text.split(separator: "?").first ?? ""
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 3, parts[0] == "https:" || parts[0] == "http:",
              ["twitch.tv", "www.twitch.tv", "m.twitch.tv"].contains(parts[1].lowercased()) else { return "" }
        return String(parts[parts.count - 1])
    }

    var isLive: Bool {
        if case .channel = self { return true }
        return false
    }
}
