import ReelCore

/// The credits file: one line per clip, in order, naming the channel and linking the clip.
enum Credits {
    static func text(for clips: [Record]) -> String {
        clips.map { clip in
            let channel = clip["channel"]?.stringValue ?? clip["title"]?.stringValue ?? clip["path"]?.stringValue ?? "unknown"
            guard let url = clip["url"]?.stringValue, !url.isEmpty else { return channel }
            return "\(channel) \(url)"
        }.joined(separator: "\n") + "\n"
    }
}
