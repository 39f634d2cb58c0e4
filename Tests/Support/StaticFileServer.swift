import Foundation

/// A real HTTP server on 127.0.0.1 serving a folder the way a CDN serves HLS: files with
/// Range requests (206, 416), plus scripted failures per path, routes for generated answers,
/// and a record of the body bytes each path was served (for byte-identity checks on live
/// streams whose files are deleted).
public final class StaticFileServer: @unchecked Sendable {
    /// A scripted failure for one request to a path.
    public enum Failure: Sendable {
        case status(Int, retryAfter: Int? = nil)
        case fault(TestReply.Fault)
    }

    public let root: String
    private let lock = NSLock()
    private var failures: [String: [Failure]] = [:]
    private var routes: [String: @Sendable (TestRequest) -> TestReply] = [:]
    private var served: [String: Data] = [:]
    private var server: LocalHTTPServer?

    /// Serves the files under `root`.
    public init(root: String) throws {
        self.root = root
        server = try LocalHTTPServer { [unowned self] request in self.answer(request) }
    }

    /// `http://127.0.0.1:PORT`.
    public var url: String { server?.url ?? "" }

    /// Every request received so far.
    public var requests: [TestRequest] { server?.requests ?? [] }

    /// The requests for `path`.
    public func requests(for path: String) -> [TestRequest] {
        requests.filter { $0.path == path }
    }

    /// The next requests for `path` fail as listed, one each, in order.
    public func fail(_ path: String, _ list: [Failure]) {
        lock.withLock { failures[path, default: []] += list }
    }

    /// Answers `path` with `handler` instead of a file.
    public func route(_ path: String, _ handler: @escaping @Sendable (TestRequest) -> TestReply) {
        lock.withLock { routes[path] = handler }
    }

    /// The whole body of `path` the first time it was served complete (nil: never).
    public func servedBody(_ path: String) -> Data? {
        lock.withLock { served[path] }
    }

    public func stop() {
        server?.stop()
    }

    private func answer(_ request: TestRequest) -> TestReply {
        let path = request.path
        let (failure, route) = lock.withLock { () -> (Failure?, (@Sendable (TestRequest) -> TestReply)?) in
            let next = failures[path]?.first
            if next != nil { failures[path]?.removeFirst() }
            return (next, routes[path])
        }
        if let route {
            return route(request)
        }
        guard !path.contains(".."), let body = FileManager.default.contents(atPath: root + path) else {
            return TestReply(status: 404, text: "not found")
        }
        lock.withLock {
            if served[path] == nil { served[path] = body }
        }
        var reply = TestReply(status: 200, headers: [("Content-Type", Self.type(of: path)), ("Accept-Ranges", "bytes")], body: body)
        if let range = request.headers["range"] {
            guard let (first, last) = Self.parse(range, size: body.count) else {
                return TestReply(status: 416, headers: [("Content-Range", "bytes */\(body.count)")], body: Data())
            }
            reply.status = 206
            reply.headers.append(("Content-Range", "bytes \(first)-\(last)/\(body.count)"))
            reply.body = body.subdata(in: first..<(last + 1))
        }
        switch failure {
        case .status(let status, let retryAfter):
            var headers: [(String, String)] = []
            if let retryAfter { headers.append(("Retry-After", String(retryAfter))) }
            return TestReply(status: status, headers: headers, body: Data("failing on purpose".utf8))
        case .fault(let fault):
            reply.fault = fault
            return reply
        case nil:
            return reply
        }
    }

    /// `bytes=first-[last]` within `size`.
    static func parse(_ header: String, size: Int) -> (Int, Int)? {
        guard header.hasPrefix("bytes=") else { return nil }
        let parts = header.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let first = Int(parts[0]), first < size else { return nil }
        let last = parts[1].isEmpty ? size - 1 : min(Int(parts[1]) ?? size - 1, size - 1)
        return last >= first ? (first, last) : nil
    }

    static func type(of path: String) -> String {
        if path.hasSuffix(".m3u8") { return "application/vnd.apple.mpegurl" }
        if path.hasSuffix(".ts") { return "video/mp2t" }
        if path.hasSuffix(".mp4") || path.hasSuffix(".m4s") { return "video/mp4" }
        return "application/octet-stream"
    }
}
