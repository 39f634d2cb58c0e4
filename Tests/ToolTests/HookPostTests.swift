import Foundation
import ReelTestSupport
import Testing

/// hook-post end to end against a real HTTP server on 127.0.0.1 that records what it receives
/// and fails on purpose.
@Suite struct HookPostTests {
    /// A receiver: answers 2xx once per idempotency key (a repeat is acknowledged, not counted).
    final class Receiver: @unchecked Sendable {
        let lock = NSLock()
        var accepted: [String: [String: TestRequest]] = [:]  // path -> key -> request
        var repeats = 0

        func accept(_ request: TestRequest) -> TestReply {
            let key = request.headers["idempotency-key"] ?? ""
            let isNew = lock.withLock { () -> Bool in
                if accepted[request.path]?[key] != nil {
                    repeats += 1
                    return false
                }
                accepted[request.path, default: [:]][key] = request
                return true
            }
            let id = String(key.prefix(8))
            return TestReply(status: isNew ? 200 : 200, headers: [("Content-Type", "application/json")],
                             body: Data(#"{"id":"\#(id)","url":"https://video.example/\#(id)"}"#.utf8))
        }

        func keys(_ path: String) -> Set<String> {
            lock.withLock { Set(accepted[path]?.keys.map { $0 } ?? []) }
        }

        func request(_ path: String, key: String) -> TestRequest? {
            lock.withLock { accepted[path]?[key] }
        }
    }

    /// The file part named `name` of a multipart body.
    static func part(_ name: String, of request: TestRequest) -> Data? {
        guard let type = request.headers["content-type"], let boundaryRange = type.range(of: "boundary=") else { return nil }
        let boundary = Data(("--" + type[boundaryRange.upperBound...]).utf8)
        var pieces: [Data] = []
        var rest = request.body
        while let range = rest.range(of: boundary) {
            pieces.append(rest.subdata(in: rest.startIndex..<range.lowerBound))
            rest = rest.subdata(in: range.upperBound..<rest.endIndex)
        }
        for piece in pieces {
            guard let headEnd = piece.range(of: Data("\r\n\r\n".utf8)) else { continue }
            let head = String(decoding: piece.subdata(in: piece.startIndex..<headEnd.lowerBound), as: UTF8.self)
            guard head.contains("name=\"\(name)\"") else { continue }
            return piece.subdata(in: headEnd.upperBound..<(piece.endIndex - 2))  // without the CRLF before the boundary
        }
        return nil
    }

    /// `count` clip files in `folder` (a short video each, padded to `size` bytes with bytes of
    /// their own) and their records. hook-post attaches only media under the folders it may
    /// read: runs pass `--files-from` the folder.
    static func clips(_ folder: TemporaryDirectory, count: Int, size: Int = 200_000) throws -> [String] {
        let video = try Data(contentsOf: URL(fileURLWithPath: try Hostile.video(folder.file("base.mp4"), seconds: 1)))
        return try (0..<count).map { index in
            let path = folder.file("goal-\(index).mp4")
            let padding = Data((0..<max(0, size - video.count)).map { UInt8(truncatingIfNeeded: $0 &* (index + 3)) })
            try (video + padding).write(to: URL(fileURLWithPath: path))
            return #"{"type":"clip","path":"\#(path)","kind":"goal","t":\#(10 * index),"score":"\#(index)-0"}"#
        }
    }

    @Test func uploadsToAStreamableLikeAPIWithItsCredentialsAndLinksTheVideosPage() throws {
        // A stand-in for api.streamable.com/upload: HTTP Basic credentials, the file as the
        // multipart part "file" with a "title", an answer {"shortcode": ...} (once a 503 first).
        final class StandIn: @unchecked Sendable {
            let lock = NSLock()
            var uploads: [TestRequest] = []
            var refused = 0
        }
        let standIn = StandIn()
        let server = try StaticFileServer(root: "/nonexistent")
        let expected = "Basic " + Data("editor@example.com:stream-pass-9".utf8).base64EncodedString()
        server.route("/upload") { request in
            guard request.method == "POST", request.headers["authorization"] == expected else {
                standIn.lock.withLock { standIn.refused += 1 }
                return TestReply(status: 401, text: #"{"error":"unauthorized"}"#, contentType: "application/json")
            }
            let count = standIn.lock.withLock { () -> Int in standIn.uploads.append(request); return standIn.uploads.count }
            return TestReply(status: 200, text: #"{"shortcode":"abc\#(count)x","status":1}"#, contentType: "application/json")
        }
        server.fail("/upload", [.status(503)])
        let folder = try TemporaryDirectory()
        let lines = try Self.clips(folder, count: 2)
        let result = try Subprocess.run("/usr/bin/env", ["STREAMABLE_AUTH=editor@example.com:stream-pass-9", Repository.tool("hook-post"),
                                                         "--streamable", "clips=env:STREAMABLE_AUTH", "--streamable-api", server.url + "/upload",
                                                         "--template", "Goal {score}", "--spool", folder.file("spool"),
                                                         "--files-from", folder.path],
                                        input: Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(result.status == 0, "\(result.errors)")
        let posts = try jsonLines(result.output).filter { $0["type"] as? String == "post" }
        #expect(posts.count == 2 && posts.allSatisfy { $0["status"] as? String == "delivered" && $0["hook"] as? String == "clips" })
        #expect(Set(posts.compactMap { $0["url"] as? String }) == ["https://streamable.com/abc1x", "https://streamable.com/abc2x"])
        #expect(standIn.refused == 0 && standIn.uploads.count == 2, "once each, after the 503")
        for upload in standIn.uploads {
            let title = String(decoding: Self.part("title", of: upload) ?? Data(), as: UTF8.self)
            let path = folder.file("goal-\(title.hasSuffix("0-0") ? 0 : 1).mp4")
            #expect(title.hasPrefix("Goal ") && Self.part("file", of: upload) == FileManager.default.contents(atPath: path))
        }
        #expect(!(result.output + result.errors).contains("stream-pass-9"), "the password is never printed")
        // Wrong credentials: refused, not retried, said.
        let wrong = try Subprocess.run(Repository.tool("hook-post"), ["--streamable", "clips=editor@example.com:nope",
                                                                      "--streamable-api", server.url + "/upload",
                                                                      "--spool", folder.file("spool2"), "--files-from", folder.path],
                                       input: Data((lines[0] + "\n").utf8))
        #expect(wrong.status != 0 && standIn.refused == 1, "\(wrong.errors)")
        #expect(!(wrong.output + wrong.errors).contains("nope"))
        let usage = try Subprocess.run(Repository.tool("hook-post"), ["--streamable", "clips=no-colon"], input: Data())
        #expect(usage.status == 64 && usage.errors.contains("the Streamable credentials are USER:PASSWORD"), "\(usage.errors)")
    }

    @Test func deliversEveryClipToEveryHookOnceThroughFaults() throws {
        let receiver = Receiver()
        let server = try StaticFileServer(root: "/nonexistent")
        for path in ["/hooks/secret-token-1", "/api/webhooks/42/secret-token-2", "/upload"] {
            server.route(path) { receiver.accept($0) }
        }
        server.fail("/hooks/secret-token-1", [.status(500), .fault(.drop), .fault(.stallAfter(0, seconds: 3))])
        server.fail("/api/webhooks/42/secret-token-2", [.status(429, retryAfter: 1)])
        server.fail("/upload", [.fault(.resetAfter(0)), .status(503)])
        let folder = try TemporaryDirectory()
        let lines = try Self.clips(folder, count: 3) + [#"{"type":"frame","t":1}"#]
        let hooksFile = folder.file("hooks.ndjson")
        try """
            {"name":"chat","kind":"discord","url":"\(server.url)/api/webhooks/42/secret-token-2","template":"Goal {score} at {t} s"}
            {"name":"host","kind":"upload","url":"\(server.url)/upload","url_field":"url"}

            """.write(toFile: hooksFile, atomically: true, encoding: .utf8)
        let result = try Subprocess.run("/usr/bin/env", ["HOOK_URL=\(server.url)/hooks/secret-token-1", Repository.tool("hook-post"),
                                                         "--webhook", "json=env:HOOK_URL", "--hooks", hooksFile,
                                                         "--spool", folder.file("spool"), "--timeout", "1",
                                                         "--files-from", folder.path],
                                        input: Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(result.status == 0, "\(result.errors)")
        let records = try jsonLines(result.output)
        // Every input passes through unchanged; one post per record and hook.
        #expect(records.filter { $0["type"] as? String != "post" }.count == 4)
        let posts = records.filter { $0["type"] as? String == "post" }
        #expect(posts.count == 9)
        #expect(posts.allSatisfy { $0["status"] as? String == "delivered" })
        #expect(Set(posts.compactMap { $0["key"] as? String }).count == 9)
        #expect(receiver.keys("/hooks/secret-token-1").count == 3)
        #expect(receiver.keys("/api/webhooks/42/secret-token-2").count == 3)
        #expect(receiver.keys("/upload").count == 3)
        #expect(receiver.repeats == 0)
        // The Discord message: text from the template, the file attached byte for byte.
        for post in posts where post["hook"] as? String == "chat" {
            let request = try #require(receiver.request("/api/webhooks/42/secret-token-2", key: post["key"] as? String ?? ""))
            #expect(request.target.hasSuffix("?wait=true"))
            let payload = try #require(Self.part("payload_json", of: request))
            let content = (try JSONSerialization.jsonObject(with: payload) as? [String: Any])?["content"] as? String
            let path = try #require(post["for"] as? String)
            let index = Int(path.split(separator: "-").last?.prefix(1) ?? "") ?? -1
            #expect(content == "Goal \(index)-0 at \(10 * index) s")
            #expect(Self.part("files[0]", of: request) == FileManager.default.contents(atPath: path))
        }
        for post in posts where post["hook"] as? String == "host" {
            let request = try #require(receiver.request("/upload", key: post["key"] as? String ?? ""))
            #expect(Self.part("file", of: request) == FileManager.default.contents(atPath: post["for"] as? String ?? ""))
            #expect((post["url"] as? String)?.hasPrefix("https://video.example/") == true)
        }
        for post in posts where post["hook"] as? String == "json" {
            let request = try #require(receiver.request("/hooks/secret-token-1", key: post["key"] as? String ?? ""))
            let body = try JSONSerialization.jsonObject(with: request.body) as? [String: Any]
            #expect(body?["path"] as? String == post["for"] as? String)
        }
        #expect(!(result.output + result.errors).contains("secret-token"))
        // Run again: nothing is delivered twice.
        let before = server.requests.count
        let again = try Subprocess.run("/usr/bin/env", ["HOOK_URL=\(server.url)/hooks/secret-token-1", Repository.tool("hook-post"),
                                                        "--webhook", "json=env:HOOK_URL", "--hooks", hooksFile,
                                                        "--spool", folder.file("spool"), "--files-from", folder.path],
                                       input: Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(again.status == 0)
        #expect(server.requests.count == before)
        #expect(try jsonLines(again.output).filter { $0["type"] as? String == "post" }.count == 9)
    }

    @Test func aKilledRunDeliversTheRestWhenStartedAgain() throws {
        let receiver = Receiver()
        let server = try StaticFileServer(root: "/nonexistent")
        let slow = Counter()
        server.route("/fast") { receiver.accept($0) }
        server.route("/slow") { request in
            // The first answers take long: hook-post is killed while they are under way.
            if slow.next() < 3 { Thread.sleep(forTimeInterval: 3) }
            return receiver.accept(request)
        }
        let folder = try TemporaryDirectory()
        let lines = try Self.clips(folder, count: 5, size: 1000)
        let arguments = ["--webhook", "fast=\(server.url)/fast", "--webhook", "slow=\(server.url)/slow",
                         "--spool", folder.file("spool"), folder.file("in.ndjson")]
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder.file("in.ndjson"), atomically: true, encoding: .utf8)
        let first = try InteractiveProcess(Repository.tool("hook-post"), arguments)
        first.wait(timeout: 20) { lines in lines.filter { $0.contains("\"post\"") }.count >= 5 }
        kill(first.pid, SIGKILL)
        _ = first.finish()
        #expect(receiver.keys("/slow").count < 5, "killed before the slow hook was done")
        let pending = try FileManager.default.contentsOfDirectory(atPath: folder.file("spool/pending"))
        #expect(!pending.isEmpty)
        let second = try Tools.run("hook-post", arguments)
        #expect(second.status == 0, "\(second.errors)")
        #expect(receiver.keys("/fast").count == 5)
        #expect(receiver.keys("/slow").count == 5)
        // Done deliveries were not sent again; any repeat was of one under way at the kill.
        #expect(receiver.repeats <= 3)
        let done = try FileManager.default.contentsOfDirectory(atPath: folder.file("spool/done"))
        #expect(done.filter { $0.hasSuffix(".json") }.count == 10, "\(done)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("spool/pending")).filter { $0.hasSuffix(".json") }.isEmpty)
    }

    @Test func aDeliveryKilledBetweenDoneAndPendingIsNotSentAgain() throws {
        // A run killed after writing done/KEY.json and before removing pending/KEY.json: the
        // next run finds it in both, and it is done.
        let server = try StaticFileServer(root: "/nonexistent")
        let receiver = Receiver()
        server.route("/hook") { receiver.accept($0) }
        let folder = try TemporaryDirectory()
        let lines = try Self.clips(folder, count: 2, size: 1000)
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder.file("in.ndjson"), atomically: true, encoding: .utf8)
        let arguments = ["--webhook", "hook=\(server.url)/hook", "--spool", folder.file("spool")]
        let first = try Tools.run("hook-post", arguments + [folder.file("in.ndjson")])
        #expect(first.status == 0, "\(first.errors)")
        let done = try FileManager.default.contentsOfDirectory(atPath: folder.file("spool/done")).filter { $0.hasSuffix(".json") }
        try #require(done.count == 2)
        // The spooled form of the first delivery, back in pending as the kill left it.
        let post = try #require(try jsonLines(String(contentsOfFile: folder.file("spool/done/\(done[0])"), encoding: .utf8)).first)
        let key = try #require(post["key"] as? String)
        let record = try #require(lines.first { line in
            (try? jsonLines(line).first?["path"] as? String) == (post["for"] as? String)
        })
        try #"{"key":"\#(key)","hook":"hook","record":\#(record)}"#.write(toFile: folder.file("spool/pending/\(key).json"),
                                                                       atomically: true, encoding: .utf8)
        let second = try Tools.run("hook-post", arguments + ["/dev/null"])
        #expect(second.status == 0, "\(second.errors)")
        let sent = server.requests.filter { $0.headers["idempotency-key"] == key }
        #expect(sent.count == 1, "sent \(sent.count) times")
        #expect(try jsonLines(second.output).contains { $0["type"] as? String == "post" && $0["key"] as? String == key })
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("spool/pending")).filter { $0.hasSuffix(".json") }.isEmpty)
    }

    @Test func permanentFailuresGoToTheDeadLettersAndTheRestGoesOn() throws {
        let receiver = Receiver()
        let server = try StaticFileServer(root: "/nonexistent")
        server.route("/ok") { receiver.accept($0) }
        server.route("/bad") { _ in TestReply(status: 400, text: #"{"message":"Cannot send an empty message","code":50006}"#) }
        server.route("/discord") { receiver.accept($0) }
        let folder = try TemporaryDirectory()
        let lines = try Self.clips(folder, count: 2, size: 300_000)
        let result = try Tools.run("hook-post", ["--webhook", "ok=\(server.url)/ok", "--webhook", "bad=\(server.url)/bad",
                                                 "--discord", "chat=\(server.url)/discord", "--max-file-size", "0.1",
                                                 "--spool", folder.file("spool"), "--files-from", folder.path],
                                 input: lines.joined(separator: "\n") + "\n")
        #expect(result.status == 1)
        #expect(result.errors.contains("hook-post: bad: HTTP 400: {\"message\":\"Cannot send an empty message\""), "\(result.errors)")
        let posts = try jsonLines(result.output).filter { $0["type"] as? String == "post" }
        #expect(posts.filter { $0["hook"] as? String == "bad" }.allSatisfy { $0["status"] as? String == "failed" && $0["attempts"] as? Int == 1 })
        #expect(receiver.keys("/ok").count == 2)
        // Over the limit: a link-only message that says why.
        let chat = posts.filter { $0["hook"] as? String == "chat" }
        #expect(chat.count == 2 && chat.allSatisfy { $0["status"] as? String == "link-only" })
        #expect((chat.first?["reason"] as? String)?.contains("over the hook's limit of 0.1 MiB") == true)
        let dead = try String(contentsOfFile: folder.file("spool/dead.ndjson"), encoding: .utf8)
        #expect(try jsonLines(dead).count == 2)
        #expect(dead.contains("Cannot send an empty message"))
    }
}
