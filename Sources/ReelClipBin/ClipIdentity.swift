import ReelCore

/// The id a bin keys a clip by: Twitch's, or one made for a clip reel cut itself.
///
/// Every decision about a clip (in the bin, on the review page, on the review server) is kept
/// under this id, never under a position in a list, so a clip that goes or comes never moves
/// another clip's decisions.
public enum ClipIdentity {
    /// What a clip record is to a bin.
    public enum Kind: Sendable, Equatable {
        /// A clip with an id of its own (Twitch's slug, from clip-find): downloaded by the bin.
        case identified(String)
        /// A clip cut by clip-cut (no id; a `path` to its file): the file is copied into the
        /// bin under the id made for it.
        case cut(id: String, file: String)
    }

    /// What `clip` is, or why it cannot go in a bin.
    public static func kind(of clip: Record) -> Result<Kind, ClipRefusal> {
        if let value = clip["id"] {
            guard let id = value.stringValue, !id.isEmpty else {
                return .failure(ClipRefusal("its id is \(value), not a non-empty string"))
            }
            guard id.utf8.count <= maximumIDLength else {
                return .failure(ClipRefusal("its id is longer than \(maximumIDLength) bytes"))
            }
            return .success(.identified(id))
        }
        guard let path = clip["path"]?.stringValue, !path.isEmpty else {
            return .failure(ClipRefusal("it has neither an id (a Twitch clip) nor a path (a clip of clip-cut)"))
        }
        return .success(.cut(id: madeID(of: clip, path: path), file: path))
    }

    /// The id made for a clip of clip-cut: `cut-` and 16 hexadecimal digits of the SHA-256 of
    /// what it shows (its `source`, `start` and `end`; its `path` when it has no source), so
    /// the same cut made again, anywhere, has the same id.
    public static func madeID(of clip: Record, path: String) -> String {
        let parts: [String]
        if let source = clip["source"]?.stringValue, let start = clip["start"]?.doubleValue, let end = clip["end"]?.doubleValue {
            parts = ["source", source, RecordTemplate.shortest(start), RecordTemplate.shortest(end)]
        } else {
            parts = ["path", path]
        }
        return "cut-" + SHA256.hex(Array(parts.joined(separator: "\u{0}").utf8)).prefix(16)
    }

    /// The longest id taken (Twitch's slugs are well under it).
    public static let maximumIDLength = 200
}

/// Why a clip record was not taken into a bin: said on stderr, never silently.
public struct ClipRefusal: Error, Sendable, Equatable {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }
}
