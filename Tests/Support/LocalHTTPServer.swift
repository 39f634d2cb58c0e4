import Foundation
import Glibc

/// A request as the test server received it.
public struct TestRequest: Sendable {
    public var method: String
    /// Path and query, as sent.
    public var target: String
    /// Header names lowercased.
    public var headers: [String: String]
    public var body: Data

    /// The path without the query.
    public var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }
}

/// What the test server answers, possibly with a fault.
public struct TestReply: Sendable {
    /// Ways an answer can go wrong on purpose.
    public enum Fault: Sendable {
        /// Send the head and this many body bytes, then reset the connection.
        case resetAfter(Int)
        /// Send the head and this many body bytes, then stall for the seconds given.
        case stallAfter(Int, seconds: Double)
        /// Announce the full length but send only this many body bytes, then close.
        case truncateAfter(Int)
        /// Close the connection without answering.
        case drop
    }

    public var status: Int
    public var headers: [(String, String)]
    public var body: Data
    public var fault: Fault?

    public init(status: Int = 200, headers: [(String, String)] = [], body: Data = Data(), fault: Fault? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.fault = fault
    }

    public init(status: Int = 200, text: String, contentType: String = "text/plain") {
        self.init(status: status, headers: [("Content-Type", contentType)], body: Data(text.utf8))
    }
}

/// A real HTTP/1.1 server on 127.0.0.1 (a free port), a thread per connection, for tests.
public final class LocalHTTPServer: @unchecked Sendable {
    public typealias Handler = @Sendable (TestRequest) -> TestReply

    /// The port it listens on.
    public let port: UInt16
    private let listener: Int32
    private let handler: Handler
    private let lock = NSLock()
    private var received: [TestRequest] = []
    private var stopped = false

    /// Starts listening; `handler` answers every request.
    public init(handler: @escaping Handler) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSetupError("socket: \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw TestSetupError("bind/listen: \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit {
        stop()
    }

    /// `http://127.0.0.1:PORT`.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, in order of arrival.
    public var requests: [TestRequest] {
        lock.withLock { received }
    }

    /// Stops accepting connections.
    public func stop() {
        let wasStopped = lock.withLock { () -> Bool in
            defer { stopped = true }
            return stopped
        }
        guard !wasStopped else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var pending = Data()
        while let request = readRequest(connection, &pending) {
            lock.withLock { received.append(request) }
            let reply = handler(request)
            guard respond(connection, reply, head: request.method == "HEAD") else { return }
            if request.headers["connection"]?.lowercased() == "close" { return }
        }
    }

    private func readRequest(_ connection: Int32, _ pending: inout Data) -> TestRequest? {
        let separator = Data("\r\n\r\n".utf8)
        while pending.range(of: separator) == nil {
            guard pending.count < 1 << 16, let chunk = receive(connection) else { return nil }
            pending.append(chunk)
        }
        guard let range = pending.range(of: separator) else { return nil }
        let head = String(decoding: pending[pending.startIndex..<range.lowerBound], as: UTF8.self)
        pending = Data(pending[range.upperBound...])
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        if headers["expect"]?.lowercased() == "100-continue" {
            _ = send(connection, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        var body = Data()
        if let length = headers["content-length"].flatMap({ Int($0) }) {
            while pending.count < length {
                guard let chunk = receive(connection) else { return nil }
                pending.append(chunk)
            }
            body = Data(pending.prefix(length))
            pending = Data(pending.dropFirst(length))
        } else if headers["transfer-encoding"]?.lowercased() == "chunked" {
            guard let decoded = readChunked(connection, &pending) else { return nil }
            body = decoded
        }
        return TestRequest(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
    }

    private func readChunked(_ connection: Int32, _ pending: inout Data) -> Data? {
        var body = Data()
        let crlf = Data("\r\n".utf8)
        while true {
            while pending.range(of: crlf) == nil {
                guard let chunk = receive(connection) else { return nil }
                pending.append(chunk)
            }
            guard let lineEnd = pending.range(of: crlf) else { return nil }
            let sizeText = String(decoding: pending[pending.startIndex..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16) else { return nil }
            pending = Data(pending[lineEnd.upperBound...])
            while pending.count < size + 2 {
                guard let chunk = receive(connection) else { return nil }
                pending.append(chunk)
            }
            if size == 0 {
                pending = Data(pending.dropFirst(2))
                return body
            }
            body.append(pending.prefix(size))
            pending = Data(pending.dropFirst(size + 2))
        }
    }

    private func respond(_ connection: Int32, _ reply: TestReply, head: Bool) -> Bool {
        if case .drop = reply.fault {
            return false
        }
        var text = "HTTP/1.1 \(reply.status) \(Self.reason(reply.status))\r\n"
        var hasLength = false
        for (name, value) in reply.headers {
            text += "\(name): \(value)\r\n"
            hasLength = hasLength || name.lowercased() == "content-length"
        }
        if !hasLength {
            text += "Content-Length: \(reply.body.count)\r\n"
        }
        text += "\r\n"
        guard send(connection, Data(text.utf8)) else { return false }
        if head { return true }
        switch reply.fault {
        case .resetAfter(let count):
            _ = send(connection, reply.body.prefix(count))
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(connection, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            return false
        case .stallAfter(let count, let seconds):
            _ = send(connection, reply.body.prefix(count))
            Thread.sleep(forTimeInterval: seconds)
            return false
        case .truncateAfter(let count):
            _ = send(connection, reply.body.prefix(count))
            return false
        case .drop, nil:
            return send(connection, reply.body)
        }
    }

    private func receive(_ connection: Int32) -> Data? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(connection, &buffer, buffer.count, 0)
            if count < 0 && errno == EINTR { continue }
            return count > 0 ? Data(buffer[0..<count]) : nil
        }
    }

    private func send(_ connection: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return true }
            var offset = 0
            while offset < raw.count {
                let sent = Glibc.send(connection, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += sent
            }
            return true
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 416: "Range Not Satisfiable"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
