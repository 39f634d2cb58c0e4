import ReelCore

/// The review page: one HTML file with its style and script inline and the clips as JSON.
struct ReviewPage {
    var title: String
    /// Each: {"record": the bin's clip record, "src": the video's URL relative to the page}.
    var clips: [JSONValue]
    /// Where the browser keeps the edits between visits (offline).
    var storageKey: String
    /// Served by `clip-review serve`: edits go to the server, as the signed-in editor's.
    var served = false
    /// A script run after the page's own (tests drive the page with it), or nil.
    var extraScript: String?

    var html: String {
        let data = String(decoding: JSONValue.array(clips).serialized(), as: UTF8.self)
        let key = String(decoding: JSONValue.string(storageKey).serialized(), as: UTF8.self)
        return Self.template
            .replacingOccurrences(of: "@TITLE@", with: Self.escaped(title))
            .replacingOccurrences(of: "@KEY@", with: Self.scriptSafe(key))
            .replacingOccurrences(of: "@CLIPS@", with: Self.scriptSafe(data))
            .replacingOccurrences(of: "@SERVED@", with: served ? "true" : "false")
            .replacingOccurrences(of: "@EXTRA@", with: extraScript.map { "<script>\n" + Self.scriptText($0) + "\n</script>" } ?? "")
    }

    /// Text for HTML content.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Script code safe inside a <script> element (no `</`).
    static func scriptText(_ code: String) -> String {
        code.replacingOccurrences(of: "</", with: "<\\/")
    }

    /// JSON safe inside a <script> element (no `</`, no `<!--`).
    static func scriptSafe(_ json: String) -> String {
        json.replacingOccurrences(of: "<", with: "\\u003c")
    }
}
