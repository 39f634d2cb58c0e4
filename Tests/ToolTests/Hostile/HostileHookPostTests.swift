import Foundation
import ReelTestSupport
import Testing

/// hook-post with hostile records, hooks files, answers and spools: it attaches only media
/// files under the folders it may read, never re-delivers, never waits for ever.
@Suite struct HostileHookPostTests {
    /// A receiver that takes every POST and keeps what it got.
    static func receiver() throws -> StaticFileServer {
        let server = try StaticFileServer(root: "/nonexistent")
        for path in ["/discord", "/upload", "/hook"] {
            server.route(path) { _ in
                TestReply(status: 200, headers: [("Content-Type", "application/json")], body: Data(#"{"id":"1","url":"https://x/1"}"#.utf8))
            }
        }
        return server
    }

    @Test func aRecordNamingAFileOutsideTheAllowedFoldersIsADeadLetter() throws {
        // A clip record with "path":"/etc/passwd" was posted whole to a Discord and an upload hook.
        let server = try Self.receiver()
        let folder = try TemporaryDirectory()
        let secret = try TemporaryDirectory()
        try Hostile.video(secret.file("private.mp4"), seconds: 1)
        try FileManager.default.createSymbolicLink(atPath: folder.file("link.mp4"), withDestinationPath: secret.file("private.mp4"))
        let input = [#"{"type":"clip","path":"/etc/passwd"}"#, #"{"type":"clip","path":"link.mp4"}"#,
                     #"{"type":"clip","path":"\#(secret.file("private.mp4"))"}"#].joined(separator: "\n") + "\n"
        let result = try Hostile.run("hook-post", ["--discord", "d=\(server.url)/discord", "--upload", "u=\(server.url)/upload",
                                                   "--spool", "spool"], input: input, directory: folder.path)
        #expect(result.status == 1)
        #expect(server.requests.isEmpty, "nothing was sent")
        let posts = try jsonLines(result.output).filter { $0["type"] as? String == "post" }
        #expect(posts.count == 6 && posts.allSatisfy { $0["status"] as? String == "failed" })
        #expect(posts.allSatisfy { ($0["reason"] as? String)?.contains("is outside the folders hook-post may read") == true })
        #expect(result.errors.contains("hook-post: d: the file /etc/passwd is outside the folders hook-post may read (the working directory; --files-from adds others): not sent"))
        let dead = try String(contentsOfFile: folder.file("spool/dead.ndjson"), encoding: .utf8)
        #expect(try jsonLines(dead).count == 6)
    }

    @Test func filesThatAreNotMediaAreDeadLettersAndMediaUnderFilesFromGo() throws {
        let server = try Self.receiver()
        let folder = try TemporaryDirectory()
        let media = try TemporaryDirectory()
        try "not a video\n".write(toFile: folder.file("notes.mp4"), atomically: true, encoding: .utf8)
        try Hostile.video(media.file("clip.mp4"), seconds: 1)
        let input = [#"{"type":"clip","path":"notes.mp4"}"#, #"{"type":"clip","path":"\#(media.file("clip.mp4"))"}"#]
            .joined(separator: "\n") + "\n"
        let result = try Hostile.run("hook-post", ["--upload", "u=\(server.url)/upload", "--spool", "spool", "--files-from", media.path],
                                     input: input, directory: folder.path)
        #expect(result.status == 1)
        let posts = try jsonLines(result.output).filter { $0["type"] as? String == "post" }
        #expect(posts.first { $0["for"] as? String == "notes.mp4" }?["reason"] as? String == "the file notes.mp4 is not video, audio or an image: not sent")
        #expect(posts.first { $0["for"] as? String == media.file("clip.mp4") }?["status"] as? String == "delivered")
        #expect(server.requests(for: "/upload").count == 1)
    }

    @Test func sizesOutOfRangeAreRefusedWhereTheyEnter() throws {
        // F8: `max_file_size_mib` 1e300 and `--max-file-size 1e13` trapped.
        let fixture = Hostile.fixture("hookpost_hooks_maxsize_1e300.ndjson")
        let fromFile = try Hostile.run("hook-post", ["--hooks", fixture], input: "")
        #expect(fromFile.status == 65)
        #expect(fromFile.errors == "hook-post: \(fixture):1: max_file_size_mib 1e300 is out of range (0 to 1048576 MiB)\n")
        let fromOption = try Hostile.run("hook-post", ["--webhook", "a=http://127.0.0.1:1/", "--max-file-size", "1e13"], input: "")
        #expect(fromOption.status == 64)
        #expect(fromOption.errors.hasPrefix("hook-post: --max-file-size: "))
    }

    @Test func aRetryAfterThatIsNotANumberIsIgnored() throws {
        // F12: a 503 with `Retry-After: nan` made hook-post wait for ever.
        let server = try StaticFileServer(root: "/nonexistent")
        server.route("/ra") { _ in TestReply(status: 503, headers: [("Retry-After", "nan")], body: Data("{}".utf8)) }
        let folder = try TemporaryDirectory()
        let started = Date()
        let result = try Hostile.run("hook-post", ["--webhook", "a=\(server.url)/ra", "--max-attempts", "3", "--spool", folder.file("spool")],
                                     input: #"{"type":"clip","path":"x.mp4"}"# + "\n", seconds: 60)
        #expect(result.status == 1)
        #expect(result.errors == "hook-post: a: HTTP 503: {} (3 attempts)\n")
        #expect(Date().timeIntervalSince(started) < 20)
    }

    @Test func aDamagedDoneFileNeverReDeliversAndGarbagePendingFilesAreReported() throws {
        let server = try Self.receiver()
        let folder = try TemporaryDirectory()
        let record = #"{"type":"clip","path":"x.mp4"}"# + "\n"
        let first = try Hostile.run("hook-post", ["--webhook", "h=\(server.url)/hook", "--spool", "spool"], input: record,
                                    directory: folder.path)
        #expect(first.status == 0)
        #expect(server.requests(for: "/hook").count == 1)
        let done = try FileManager.default.contentsOfDirectory(atPath: folder.file("spool/done")).filter { $0.hasSuffix(".json") }
        try #require(done.count == 1)
        try "{garbage".write(toFile: folder.file("spool/done/" + done[0]), atomically: true, encoding: .utf8)
        try "not json".write(toFile: folder.file("spool/pending/junk.json"), atomically: true, encoding: .utf8)
        let second = try Hostile.run("hook-post", ["--webhook", "h=\(server.url)/hook", "--spool", "spool"], input: record,
                                     directory: folder.path)
        #expect(second.status == 65)
        #expect(server.requests(for: "/hook").count == 1, "not sent again")
        #expect(second.errors.contains("hook-post: spool: spool/pending/junk.json is not a spooled delivery: left in place, not sent"))
        #expect(second.errors.contains("is damaged (not a post record): the delivery counts as done and is not sent again"))
        let post = try #require(try jsonLines(second.output).first { $0["type"] as? String == "post" })
        #expect(post["status"] as? String == "delivered")
    }
}
