import Foundation
import ReelHTTP
import ReelTestSupport
import Testing

@Suite struct HTTPClientTests {
    @Test func fetchesABodyFromARealServer() throws {
        let body = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) })
        let server = try LocalHTTPServer { request in
            request.path == "/segment.ts"
                ? TestReply(headers: [("Content-Type", "video/mp2t")], body: body)
                : TestReply(status: 404, text: "no")
        }
        let client = try HTTPClient()
        let response = try client.get(server.url + "/segment.ts")
        #expect(response.status == 200)
        #expect(Data(response.body) == body)
        #expect(response.header("content-type") == "video/mp2t")
        let missing = try client.get(server.url + "/other")
        #expect(missing.status == 404)
        #expect(String(decoding: missing.body, as: UTF8.self) == "no")
        #expect(server.requests.map(\.path) == ["/segment.ts", "/other"])
    }

    @Test func sendsBodiesAndHeaders() throws {
        let server = try LocalHTTPServer { request in
            TestReply(status: 201, headers: [("Content-Type", "application/json")],
                      body: Data("{\"got\":\(request.body.count),\"key\":\"\(request.headers["idempotency-key"] ?? "")\"}".utf8))
        }
        let client = try HTTPClient()
        let response = try client.send(HTTPRequest(url: server.url + "/hook", method: "POST",
                                                   headers: [HTTPHeader("Idempotency-Key", "abc")],
                                                   body: Array("{\"type\":\"clip\"}".utf8)))
        #expect(response.status == 201)
        #expect(String(decoding: response.body, as: UTF8.self) == "{\"got\":15,\"key\":\"abc\"}")
        #expect(server.requests.first?.method == "POST")
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://x", "/etc/passwd", "data:,hello"])
    func refusesOtherSchemes(url: String) throws {
        let client = try HTTPClient()
        let error = #expect(throws: NetError.self) { try client.get(url) }
        #expect(error?.kind == .refused)
    }

    @Test func refusesRedirectsToOtherSchemes() throws {
        let server = try LocalHTTPServer { _ in
            TestReply(status: 302, headers: [("Location", "file:///etc/passwd")], body: Data())
        }
        let error = #expect(throws: NetError.self) { try HTTPClient().get(server.url + "/x") }
        #expect(error?.kind == .refused)
    }

    @Test func followsRedirectsBetweenHTTPURLs() throws {
        let server = try LocalHTTPServer { request in
            request.path == "/old" ? TestReply(status: 301, headers: [("Location", "/new")], body: Data())
                : TestReply(text: "moved here")
        }
        let response = try HTTPClient().get(server.url + "/old")
        #expect(String(decoding: response.body, as: UTF8.self) == "moved here")
        #expect(response.url == server.url + "/new")
    }

    @Test func boundsTheBody() throws {
        let server = try LocalHTTPServer { _ in TestReply(body: Data(count: 50_000)) }
        var options = HTTPOptions()
        options.maximumBodySize = 10_000
        let error = #expect(throws: NetError.self) { try HTTPClient(options: options).get(server.url + "/big") }
        #expect(error?.kind == .tooLarge)
    }

    @Test func aTruncatedBodyIsATransportError() throws {
        let server = try LocalHTTPServer { _ in TestReply(body: Data(count: 5000), fault: .truncateAfter(100)) }
        let error = #expect(throws: NetError.self) { try HTTPClient().get(server.url + "/cut") }
        #expect(error?.kind == .transport)
        #expect(error?.isTransient == true)
    }

    @Test func aStalledTransferTimesOut() throws {
        let server = try LocalHTTPServer { _ in TestReply(body: Data(count: 5000), fault: .stallAfter(10, seconds: 4)) }
        var options = HTTPOptions()
        options.stallTimeout = 1
        let started = Date()
        let error = #expect(throws: NetError.self) { try HTTPClient(options: options).get(server.url + "/slow") }
        #expect(error?.kind == .timeout)
        #expect(Date().timeIntervalSince(started) < 3.5)
    }

    @Test func errorsNeverShowQueriesOrCredentials() throws {
        let error = #expect(throws: NetError.self) {
            try HTTPClient().get("http://user:secret@127.0.0.1:9/vod.m3u8?sig=abc&token=SECRET")
        }
        let text = error?.description ?? ""
        #expect(text.hasPrefix("http://127.0.0.1:9/vod.m3u8?…: "))
        #expect(!text.contains("SECRET") && !text.contains("secret") && !text.contains("sig="))
        #expect(URLRedaction.redact("https://h.example/a/b#frag") == "https://h.example/a/b#…")
        #expect(URLRedaction.redact("https://h.example:8443?q=1") == "https://h.example:8443?…")
    }
}
