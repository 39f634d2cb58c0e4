/// URLs as they may appear in messages: without query strings (Twitch tokens and signatures,
/// webhook secrets) and without credentials.
public enum URLRedaction {
    /// `https://user:pw@host/path?sig=...` becomes `https://host/path?…` (a fragment: `#…`).
    ///
    /// Secrets inside paths (a Discord webhook's token) cannot be told from other paths: tools
    /// name such URLs by their hook's name instead of printing them.
    public static func redact(_ url: String) -> String {
        var text = Substring(url)
        var scheme = ""
        if let range = text.range(of: "://") {
            scheme = String(text[..<range.upperBound])
            text = text[range.upperBound...]
        }
        let authorityEnd = text.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? text.endIndex
        var authority = text[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") {
            authority = authority[authority.index(after: at)...]
        }
        var rest = text[authorityEnd...]
        var marker = ""
        if let mark = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            marker = rest[mark] == "?" ? "?…" : "#…"
            rest = rest[..<mark]
        }
        return scheme + authority + rest + marker
    }
}
