import FlyingFox
import FlyingSocks
import Foundation
import Glibc
import ReelClipBin
import ReelCore
import ReelHTTP
import Synchronization

// FlyingFox and ReelHTTP both name an HTTPRequest and an HTTPResponse, FlyingFox and ReelCore a
// JSONValue: in this tool the server's and the records'.
typealias HTTPRequest = FlyingFox.HTTPRequest
typealias HTTPResponse = FlyingFox.HTTPResponse
typealias JSONValue = ReelCore.JSONValue

/// `clip-review serve`: the review page for several editors, each signed in, their decisions
/// kept in the bin's review ledger by clip id.
///
/// Everything a request brings is hostile: bodies are bounded (`maximumBody`), fields checked
/// where they enter (`ReviewLedger.decision(from:)`), only clip files the bin's ledger names
/// are served (regular files, never through a symbolic link), and a change needs the session
/// cookie (HttpOnly, SameSite=Strict) and the `X-Reel-Review` header a form from another site
/// cannot send. Nothing secret (passwords, session tokens) is ever logged.
final class ReviewServer: Sendable {
    let clips: ReviewClips
    let accounts: ReviewAccounts
    let ledger: ReviewLedger
    let title: String
    let extraScript: String?
    let secureCookie: Bool
    let log: @Sendable (String) -> Void
    private let sessions = Mutex<[String: (user: String, expires: Date)]>([:])

    /// The largest request body read (a decision or a login is well under it).
    static let maximumBody = 16 << 10
    /// How long a session lasts.
    static let sessionSeconds = 12.0 * 3600
    static let cookieName = "reel_review"

    init(clips: ReviewClips, title: String, extraScript: String?, secureCookie: Bool, log: @escaping @Sendable (String) -> Void) {
        self.clips = clips
        accounts = ReviewAccounts(bin: clips.bin)
        ledger = ReviewLedger(bin: clips.bin)
        self.title = title
        self.extraScript = extraScript
        self.secureCookie = secureCookie
        self.log = log
    }

    /// Routes every request.
    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try await route(request)
        } catch let error as ToolError {
            response = Self.text(error.failure == .badInput ? .badRequest : .internalServerError,
                                 (error.location.map { $0 + ": " } ?? "") + error.reason)
        } catch {
            response = Self.text(.internalServerError, "the request failed")
        }
        log("\(request.method.rawValue) \(request.path) \(response.statusCode.code)")
        return response
    }

    private func route(_ request: HTTPRequest) async throws -> HTTPResponse {
        switch (request.method, request.path) {
        case (.GET, "/login"):
            return Self.html(.ok, LoginPage(title: title, message: nil, extraScript: extraScript).html)
        case (.POST, "/login"):
            return try await login(request)
        case (.POST, "/logout"):
            if let token = Self.cookie(request) { _ = sessions.withLock { $0.removeValue(forKey: token) } }
            return HTTPResponse(statusCode: .seeOther, headers: [.location: "/login", .setCookie: cookie(value: "", maxAge: 0)])
        default:
            break
        }
        guard let user = user(of: request) else {
            if request.method == .GET && !request.path.hasPrefix("/api/") && !request.path.hasPrefix("/clips/") {
                return HTTPResponse(statusCode: .seeOther, headers: [.location: "/login"])
            }
            return Self.text(.unauthorized, "sign in first")
        }
        switch (request.method, request.path) {
        case (.GET, "/"):
            return Self.html(.ok, page().html)
        case (.GET, "/api/state"):
            return try Self.json(.ok, state(for: user))
        case (.POST, "/api/decision"):
            return try await decide(request, as: user)
        case (.GET, "/api/export"):
            let lines: [UInt8] = clips.edited(with: try ledger.states()).flatMap { $0.serialized() + [10] }
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/x-ndjson",
                                                          .contentDisposition: "attachment; filename=\"edits.ndjson\""],
                                body: Data(lines))
        case (.GET, _) where request.path.hasPrefix("/clips/"):
            return try await clipFile(request)
        default:
            return Self.text(.notFound, "no such page")
        }
    }

    // MARK: sessions

    private func login(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try await Self.body(of: request)
        let form = Self.form(String(decoding: body, as: UTF8.self))
        let name = form["user"] ?? "", password = form["password"] ?? ""
        guard try accounts.verify(name, password: password) else {
            log("sign-in refused for \(ReviewAccounts.isValidName(name) ? name : "a name that is not one")")
            return Self.html(.unauthorized, LoginPage(title: title, message: "Wrong name or password.", extraScript: extraScript).html)
        }
        let token: String
        do {
            token = try PasswordHash.randomBytes(32).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        } catch {
            throw ToolError(error.reason, at: "session", failure: .failed)
        }
        sessions.withLock { sessions in
            let now = Date()
            sessions = sessions.filter { $0.value.expires > now }
            sessions[token] = (name, now.addingTimeInterval(Self.sessionSeconds))
        }
        log("\(name) signed in")
        return HTTPResponse(statusCode: .seeOther, headers: [.location: "/", .setCookie: cookie(value: token, maxAge: Int(Self.sessionSeconds))])
    }

    private func cookie(value: String, maxAge: Int) -> String {
        "\(Self.cookieName)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secureCookie ? "; Secure" : "")
    }

    private func user(of request: HTTPRequest) -> String? {
        guard let token = Self.cookie(request) else { return nil }
        return sessions.withLock { sessions in
            guard let session = sessions[token], session.expires > Date() else { return nil }
            return session.user
        }
    }

    static func cookie(_ request: HTTPRequest) -> String? {
        for header in request.headers.values(for: .cookie) {
            for part in header.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces)
                if pair.hasPrefix(cookieName + "=") {
                    let value = String(pair.dropFirst(cookieName.count + 1))
                    return value.count == 64 && value.allSatisfy(\.isHexDigit) ? value : nil
                }
            }
        }
        return nil
    }

    // MARK: decisions

    private func state(for user: String) throws -> JSONValue {
        var states = JSONObject()
        for (id, state) in try ledger.states() {
            var object = JSONObject()
            object["keep"] = state.keep.map(JSONValue.bool) ?? .null
            object["trim_start"] = JSONValue(state.trimStart)
            object["trim_end"] = JSONValue(state.trimEnd)
            object["volume"] = JSONValue(state.volume)
            if let position = state.position { object["position"] = JSONValue(position) }
            if let by = state.by { object["by"] = .string(by) }
            if let at = state.at { object["at"] = .string(at) }
            states[id] = .object(object)
        }
        return .object(["user": .string(user), "clips": .object(states)])
    }

    private func decide(_ request: HTTPRequest, as user: String) async throws -> HTTPResponse {
        guard request.headers[HTTPHeader("X-Reel-Review")] == "1" else {
            return Self.text(.forbidden, "a decision needs the header X-Reel-Review: 1")
        }
        let body = try await Self.body(of: request)
        guard case .object(let object)? = try? JSONParser.parse(body),
              let id = object["id"]?.stringValue else {
            throw ToolError("not a JSON object with the clip's id", at: "decision", failure: .badInput)
        }
        guard clips.records.contains(where: { $0["id"]?.stringValue == id }) else {
            return Self.text(.notFound, "no clip \(id) to review in this bin")
        }
        let decision = try ReviewLedger.decision(from: object)
        let record = try ledger.record(decision, on: id, by: user)
        return Self.json(.ok, .object(record.object))
    }

    // MARK: files

    private func clipFile(_ request: HTTPRequest) async throws -> HTTPResponse {
        let name = "clips/" + String(request.path.dropFirst("/clips/".count))
        let path: String
        let type: String
        if let record = clips.records.first(where: { $0["file"]?.stringValue == name }), let clipPath = record["path"]?.stringValue {
            (path, type) = (clipPath, "video/mp4")
        } else if clips.posters.values.contains(name) {
            (path, type) = (clips.bin.folder + "/" + name, "image/png")
        } else {
            return Self.text(.notFound, "no such clip file")
        }
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            return Self.text(.notFound, "no such clip file")
        }
        return try await FileHTTPHandler(path: URL(fileURLWithPath: path), contentType: type).handleRequest(request)
    }

    // MARK: helpers

    static func body(of request: HTTPRequest) async throws -> Data {
        guard let count = request.bodySequence.count, count <= maximumBody else {
            throw ToolError("the body is larger than \(maximumBody) bytes, or of no stated length", at: "request", failure: .badInput)
        }
        return try await request.bodyData
    }

    /// `application/x-www-form-urlencoded` fields.
    static func form(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        return fields
    }

    static func text(_ status: HTTPStatusCode, _ text: String) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: [.contentType: "text/plain; charset=utf-8"], body: Data((text + "\n").utf8))
    }

    static func html(_ status: HTTPStatusCode, _ html: String) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: [.contentType: "text/html; charset=utf-8", HTTPHeader("Cache-Control"): "no-store",
                                                   HTTPHeader("X-Frame-Options"): "DENY"],
                     body: Data(html.utf8))
    }

    static func json(_ status: HTTPStatusCode, _ value: JSONValue) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: [.contentType: "application/json", HTTPHeader("Cache-Control"): "no-store"],
                     body: Data(value.serialized()))
    }

    private func page() -> ReviewPage {
        let entries: [JSONValue] = clips.records.map { record in
            let file = record["file"]?.stringValue ?? ""
            var entry: JSONObject = ["record": .object(record.object), "src": .string("/" + file)]
            if let poster = clips.posters[record["id"]?.stringValue ?? ""] { entry["poster"] = .string("/" + poster) }
            return .object(entry)
        }
        return ReviewPage(title: title, clips: entries, storageKey: "", served: true, extraScript: extraScript)
    }
}
