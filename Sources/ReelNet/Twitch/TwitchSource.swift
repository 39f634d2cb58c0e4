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

    private static func lastPathPart(_ text: String) -> String {
        let path = text.split(separator: "?").first ?? ""
        return String(path.split(separator: "/").last ?? "")
    }

    var isLive: Bool {
        if case .channel = self { return true }
        return false
    }
}
