import Glibc
import ReelCore
import ReelHLS
import ReelHTTP

/// The way to a Twitch stream's master playlist, as Twitch's web player and the maintained
/// downloaders go: a GQL `PlaybackAccessToken` (persisted query, `Client-ID` header) gives a
/// signed token, and the usher playlist URL carries it.
///
/// Base URLs can be pointed at stand-ins (`REEL_TWITCH_GQL`, `REEL_TWITCH_USHER`); an OAuth
/// token (`REEL_TWITCH_OAUTH`) is sent as `Authorization: OAuth ...` and never printed.
public struct TwitchAccess: Sendable {
    /// The web player's public client id (the one streamlink uses).
    public static let webClientID = "kimne78kx3ncx6brgo4mv6wki5h1ko"
    /// The persisted query `PlaybackAccessToken`.
    public static let playbackAccessTokenHash = "ed230aa1e33e07eebb8928504583da78a5173989fadfb1ac94be06a04f3cdbe9"

    public var gqlURL = "https://gql.twitch.tv/gql"
    public var usherURL = "https://usher.ttvnw.net"
    public var clientID = TwitchAccess.webClientID
    public var oauthToken: String?
    public var http = HTTPOptions()

    public init() {}

    /// Settings from the environment: `REEL_TWITCH_GQL`, `REEL_TWITCH_USHER`,
    /// `REEL_TWITCH_CLIENT_ID`, `REEL_TWITCH_OAUTH`.
    public static func fromEnvironment() -> TwitchAccess {
        var access = TwitchAccess()
        func value(_ name: String) -> String? {
            getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        access.gqlURL = value("REEL_TWITCH_GQL") ?? access.gqlURL
        access.usherURL = value("REEL_TWITCH_USHER") ?? access.usherURL
        access.clientID = value("REEL_TWITCH_CLIENT_ID") ?? access.clientID
        access.oauthToken = value("REEL_TWITCH_OAUTH")
        return access
    }

    /// The signed token for `source`: `value` (JSON text) and `signature`.
    public func accessToken(for source: TwitchSource) throws -> (value: String, signature: String) {
        let (login, vodID) = switch source {
        case .channel(let name): (name, "")
        case .vod(let id): ("", id)
        }
        let body: JSONValue = [
            "operationName": "PlaybackAccessToken",
            "extensions": ["persistedQuery": ["version": 1, "sha256Hash": .string(Self.playbackAccessTokenHash)]],
            "variables": [
                "isLive": .bool(source.isLive), "login": .string(login),
                "isVod": .bool(!source.isLive), "vodID": .string(vodID),
                "playerType": "embed", "platform": "site",
            ],
        ]
        let answer = try postGQL(body, asking: "access token")
        let field = source.isLive ? "streamPlaybackAccessToken" : "videoPlaybackAccessToken"
        guard let token = answer["data"]?[field], !token.isNull else {
            let what = switch source {
            case .channel(let name): "channel \(name) is offline or does not exist"
            case .vod(let id): "VOD \(id) does not exist or is not available"
            }
            throw HLSFetchError(what, at: "twitch", failure: .unavailable)
        }
        guard let value = token["value"]?.stringValue, let signature = token["signature"]?.stringValue else {
            throw HLSFetchError("access token answer without value and signature", at: URLRedaction.redact(gqlURL), failure: .unavailable)
        }
        return (value, signature)
    }

    /// POSTs a GQL operation with the client id (and the OAuth token when there is one); returns
    /// the answer, an error naming `what` was asked for when Twitch refuses.
    func postGQL(_ body: JSONValue, asking what: String) throws -> JSONValue {
        var headers = [HTTPHeader("Client-ID", clientID), HTTPHeader("Content-Type", "application/json")]
        if let oauthToken {
            headers.append(HTTPHeader("Authorization", "OAuth \(oauthToken)"))
        }
        let client = try HTTPClient(options: http)
        let response = try client.send(HTTPRequest(url: gqlURL, method: "POST", headers: headers, body: body.serialized()))
        let place = URLRedaction.redact(gqlURL)
        guard response.status == 200 else {
            throw HLSFetchError("\(what) request: \(response.summary)", at: place, failure: .unavailable)
        }
        let answer: JSONValue
        do {
            answer = try JSONParser.parse(response.body)
        } catch {
            throw HLSFetchError("\(what) answer is not JSON: \(error)", at: place, failure: .unavailable)
        }
        if let message = answer["errors"]?.arrayValue?.first?["message"]?.stringValue {
            throw HLSFetchError("\(what) refused: \(message)", at: place, failure: .unavailable)
        }
        return answer
    }

    /// The usher master playlist URL for `source` with its token.
    public func playlistURL(for source: TwitchSource, token: (value: String, signature: String)) -> String {
        let base = usherURL.hasSuffix("/") ? String(usherURL.dropLast()) : usherURL
        let common = [
            ("allow_source", "true"), ("allow_audio_only", "true"), ("playlist_include_framerate", "true"),
            ("platform", "web"), ("p", String(Int.random(in: 0..<10_000_000))), ("supported_codecs", "h264"),
        ]
        switch source {
        case .channel(let name):
            return "\(base)/api/v2/channel/hls/\(name).m3u8?" + Self.query([("sig", token.signature), ("token", token.value)] + common)
        case .vod(let id):
            return "\(base)/vod/v2/\(id).m3u8?" + Self.query([("nauthsig", token.signature), ("nauth", token.value)] + common)
        }
    }

    /// The master playlist URL for `source` (asks for the token first).
    public func playlistURL(for source: TwitchSource) throws -> String {
        playlistURL(for: source, token: try accessToken(for: source))
    }

    static func query(_ parameters: [(String, String)]) -> String {
        parameters.map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&")
    }

    /// Percent-encodes all but RFC 3986's unreserved characters.
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            let character = Character(Unicode.Scalar(byte))
            if byte < 0x80 && (character.isLetter || character.isNumber || "-._~".contains(character)) {
                result.append(character)
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
