import ReelCore
import ReelHLS
import ReelHTTP

/// One rendition of a Twitch clip: its quality (height, e.g. "1080"), frame rate and signed URL.
public struct TwitchClipRendition: Sendable, Equatable {
    public var quality: String
    public var frameRate: Double
    /// The MP4's URL with its signature and token (a secret: never print it).
    public var url: String
}

extension TwitchAccess {
    /// The persisted query `VideoAccessToken_Clip` (as TwitchDownloader and twitch-dl send it).
    public static let clipAccessTokenHash = "36b89d2507fce29e5ca551df756d27c1cfe079e2609642b4390aa4c35796eb11"

    /// A clip's slug from `SLUG`, `https://clips.twitch.tv/SLUG` or
    /// `https://www.twitch.tv/CHANNEL/clip/SLUG` (letters, digits, `-`, `_`; 1 to 100).
    public static func clipSlug(parsing text: String) -> String? {
        var slug = Substring(text)
        if text.contains("/") {
            let path = text.split(separator: "?").first ?? ""
            let parts = path.split(separator: "/", omittingEmptySubsequences: true)
            guard parts.count >= 3, parts[0] == "https:" || parts[0] == "http:" else { return nil }
            let host = parts[1].lowercased()
            if host == "clips.twitch.tv" {
                slug = parts[2]
            } else if ["twitch.tv", "www.twitch.tv", "m.twitch.tv"].contains(host), parts.count >= 5, parts[3] == "clip" {
                slug = parts[4]
            } else {
                return nil
            }
        }
        guard (1...100).contains(slug.count),
              slug.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            return nil
        }
        return String(slug)
    }

    /// The renditions of the clip `slug`, best first (highest quality, then frame rate), each
    /// URL carrying `sig` and `token` as Twitch's player adds them.
    public func clipRenditions(slug: String) throws -> [TwitchClipRendition] {
        let body: JSONValue = [
            "operationName": "VideoAccessToken_Clip",
            "extensions": ["persistedQuery": ["version": 1, "sha256Hash": .string(Self.clipAccessTokenHash)]],
            "variables": ["slug": .string(slug)],
        ]
        let answer = try postGQL(body, asking: "clip access token")
        guard let clip = answer["data"]?["clip"], !clip.isNull else {
            throw HLSFetchError("clip \(slug) does not exist or is not available", at: "twitch", failure: .unavailable)
        }
        guard let token = clip["playbackAccessToken"], let value = token["value"]?.stringValue,
              let signature = token["signature"]?.stringValue else {
            throw HLSFetchError("clip \(slug): answer without an access token", at: URLRedaction.redact(gqlURL), failure: .unavailable)
        }
        let renditions = (clip["videoQualities"]?.arrayValue ?? []).compactMap { quality -> TwitchClipRendition? in
            guard let source = quality["sourceURL"]?.stringValue, !source.isEmpty else { return nil }
            let separator = source.contains("?") ? "&" : "?"
            let url = source + separator + Self.query([("sig", signature), ("token", value)])
            // Checked where it enters: a frame rate of 0 to 1000 (anything else reads as unknown, 0).
            let frameRate = (try? quality["frameRate"]?.number("frameRate", in: 0...1000)) ?? 0
            return TwitchClipRendition(quality: quality["quality"]?.stringValue ?? "", frameRate: frameRate, url: url)
        }
        guard !renditions.isEmpty else {
            throw HLSFetchError("clip \(slug): no video in the answer", at: URLRedaction.redact(gqlURL), failure: .unavailable)
        }
        return renditions.sorted { (Int($0.quality) ?? 0, $0.frameRate) > (Int($1.quality) ?? 0, $1.frameRate) }
    }

    /// The rendition `quality` asks for: best, worst, a height (720) or height and rate (720p60).
    public static func rendition(_ quality: String, of renditions: [TwitchClipRendition]) -> TwitchClipRendition? {
        switch quality.lowercased() {
        case "best", "source": return renditions.first
        case "worst": return renditions.last
        default:
            let wanted = quality.lowercased().split(separator: "p", maxSplits: 1).map(String.init)
            return renditions.first { rendition in
                rendition.quality == wanted.first
                    && (wanted.count < 2 || wanted[1].isEmpty || Int(checking: rendition.frameRate) == Int(wanted[1]))
            }
        }
    }
}
