import ReelCore

/// The credits: who each clip is by and where it is, from the clips' `channel` and `url`
/// (`ClipRecord`; or the channel given for clips that do not say), never their file paths.
enum Credits {
    /// The name credited for `clip`: its channel, or `fallback`.
    static func channel(of clip: Record, fallback: String?) -> String? {
        ClipRecord(unchecked: clip).channel ?? fallback
    }

    /// One line per clip, in order: channel and link; a clip with neither is left out.
    static func lines(for clips: [Record], fallback: String?) -> [String] {
        clips.compactMap { clip in
            let channel = channel(of: clip, fallback: fallback)
            let url = ClipRecord(unchecked: clip).url
            switch (channel, url) {
            case (let channel?, let url?): return "\(channel) \(url)"
            case (let channel?, nil): return channel
            case (nil, let url?): return url
            case (nil, nil): return nil
            }
        }
    }

    /// The credits file's text.
    static func text(for clips: [Record], fallback: String?) -> String {
        lines(for: clips, fallback: fallback).map { $0 + "\n" }.joined()
    }

    /// The credits card's lines: a heading, then each line once, at most `limit` (the rest
    /// counted).
    static func card(for clips: [Record], fallback: String?, limit: Int = 14) -> [String] {
        var seen = Set<String>()
        let unique = lines(for: clips, fallback: fallback).filter { seen.insert($0).inserted }
        guard !unique.isEmpty else { return [] }
        var card = ["Clips"] + unique.prefix(limit)
        if unique.count > limit { card.append("and \(unique.count - limit) more") }
        return card
    }
}
