import Glibc
import ReelCore
import ReelHTTP

/// Twitch's Helix API (`https://api.twitch.tv/helix`): GET requests with the app's `Client-Id`
/// and a bearer token, within the rate limit (`Ratelimit-Remaining`, `Ratelimit-Reset`: when
/// the bucket is empty the next request waits for the reset; a 429 waits and is sent again),
/// transient failures retried with backoff.
///
/// Settings come from the environment: `REEL_TWITCH_HELIX` (the base URL, for stand-ins),
/// `REEL_TWITCH_HELIX_CLIENT_ID`, and the token in `REEL_TWITCH_HELIX_TOKEN` or the file named by
/// `REEL_TWITCH_HELIX_TOKEN_FILE`. The token is never printed.
public final class HelixClient {
    public var baseURL = "https://api.twitch.tv/helix"
    public var clientID = ""
    public var token = ""
    /// Attempts after the first, for transient failures and 429s.
    public var retries = 5
    /// The longest wait for a rate-limit reset, in seconds.
    public var maximumWait = 120.0

    private let client: HTTPClient
    private var remaining: Int?
    private var reset: Double?

    public init(options: HTTPOptions = HTTPOptions()) throws(NetError) {
        client = try HTTPClient(options: options)
    }

    /// A client set up from the environment; an error says what is missing.
    public static func fromEnvironment(options: HTTPOptions = HTTPOptions()) throws -> HelixClient {
        func value(_ name: String) -> String? {
            getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let helix = try HelixClient(options: options)
        helix.baseURL = value("REEL_TWITCH_HELIX") ?? helix.baseURL
        guard let clientID = value("REEL_TWITCH_HELIX_CLIENT_ID") else {
            throw ToolError("REEL_TWITCH_HELIX_CLIENT_ID is not set (the Client-Id of your Twitch app)", at: "helix", failure: .badUsage)
        }
        helix.clientID = clientID
        if let token = value("REEL_TWITCH_HELIX_TOKEN") {
            helix.token = token
        } else if let file = value("REEL_TWITCH_HELIX_TOKEN_FILE") {
            guard let bytes = try? AtomicFile.read(file, limit: 1 << 16) else {
                throw ToolError("cannot read the token file", at: file, failure: .missingInput)
            }
            helix.token = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard !helix.token.isEmpty else {
            throw ToolError("no token: set REEL_TWITCH_HELIX_TOKEN or REEL_TWITCH_HELIX_TOKEN_FILE (an app access token)",
                            at: "helix", failure: .badUsage)
        }
        return helix
    }

    /// GETs `path` (`clips`, `games`, ...) with `query`; returns the answer's JSON.
    public func get(_ path: String, _ query: [(String, String)]) throws -> JSONValue {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let url = "\(base)/\(path)" + (query.isEmpty ? "" : "?" + TwitchAccess.query(query))
        let place = URLRedaction.redact("\(base)/\(path)")
        let headers = [HTTPHeader("Client-Id", clientID), HTTPHeader("Authorization", "Bearer \(token)")]
        var attempt = 0
        while true {
            waitForRateLimit()
            let response: HTTPResponse
            do {
                response = try client.get(url, headers: headers)
            } catch {
                guard error.isTransient, attempt < retries else { throw error }
                attempt += 1
                backOff(attempt)
                continue
            }
            remember(response)
            switch response.status {
            case 200:
                do {
                    return try JSONParser.parse(response.body)
                } catch {
                    throw ToolError("the answer is not JSON: \(error)", at: place, failure: .unavailable)
                }
            case 429 where attempt < retries:
                attempt += 1
                remaining = 0
                if reset == nil { backOff(attempt) }
            case 500..<600 where attempt < retries, 408 where attempt < retries:
                attempt += 1
                backOff(attempt)
            case 401:
                throw ToolError("the token was refused (\(response.summary)): a valid app access token is needed",
                                at: place, failure: .unavailable)
            default:
                throw ToolError(response.summary, at: place, failure: response.status == 400 ? .badUsage : .unavailable)
            }
        }
    }

    /// Reads the rate-limit headers of an answer.
    private func remember(_ response: HTTPResponse) {
        // Checked where they enter: a count of 0 or more, a reset in whole seconds since 1970
        // (anything else, `nan` or `-1e300`, is ignored).
        remaining = response.header("Ratelimit-Remaining").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            .flatMap { $0 >= 0 ? $0 : nil }
        reset = response.header("Ratelimit-Reset").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            .flatMap { $0 >= 0 && $0 < 1 << 40 ? Double($0) : nil }
    }

    /// Waits for the bucket's reset when it is empty.
    private func waitForRateLimit() {
        guard remaining == 0 else { return }
        defer { remaining = nil }
        guard let reset else { return }
        let wait = min(maximumWait, reset - Self.now())
        if wait > 0 {
            usleep(UInt32(saturating: wait * 1_000_000))
        }
    }

    private func backOff(_ attempt: Int) {
        usleep(UInt32(saturating: min(10.0, 0.3 * Double(1 << min(attempt, 8))) * Double.random(in: 0.5...1.5) * 1_000_000))
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
