import Foundation
import Glibc
import ReelTestSupport
import Testing

/// hls-fetch against a server that lies: CRLF playlists, numbers that overflow, Retry-After
/// that is not a number, a live sequence that jumps to 2^62, a link planted where a partial
/// file goes.
@Suite struct HostileHLSFetchTests {
    /// A server with three 2 s segments of a made video under /vod (seg000.ts ...).
    static func site() throws -> (folder: TemporaryDirectory, server: StaticFileServer) {
        let folder = try TemporaryDirectory()
        let video = try Hostile.video(folder.file("v.ts"))
        try FileManager.default.createDirectory(atPath: folder.file("vod"), withIntermediateDirectories: true)
        let result = try Subprocess.run("ffmpeg", ["-v", "error", "-y", "-i", video, "-c", "copy", "-f", "hls", "-hls_time", "2",
                                                   "-hls_list_size", "0", "-hls_segment_filename", folder.file("vod/seg%03d.ts"),
                                                   folder.file("vod/made.m3u8")])
        guard result.status == 0 else { throw TestSetupError("ffmpeg: \(result.errors)") }
        let server = try StaticFileServer(root: folder.path)
        return (folder, server)
    }

    /// Serves a fixture playlist at /h/NAME.
    static func serve(_ name: String, on server: StaticFileServer) throws -> String {
        let body = try Data(contentsOf: URL(fileURLWithPath: Hostile.fixture(name)))
        server.route("/h/" + name) { _ in TestReply(status: 200, headers: [("Content-Type", "application/vnd.apple.mpegurl")], body: body) }
        return server.url + "/h/" + name
    }

    @Test func aCRLFPlaylistIsFetched() throws {
        // F13: 0 segments and exit 0.
        let (folder, server) = try Self.site()
        let out = folder.file("out")
        let result = try Hostile.run("hls-fetch", [try Self.serve("hls_crlf_vod.m3u8", on: server), "--out", out])
        #expect(result.status == 0, "\(result.errors)")
        let segments = try jsonLines(result.output).filter { $0["type"] as? String == "segment" }
        #expect(segments.count == 1)
        #expect(FileManager.default.contents(atPath: out + "/000000.ts") == FileManager.default.contents(atPath: folder.file("vod/seg000.ts")))
    }

    @Test(arguments: [
        ("hls_media_sequence_intmax.m3u8", ":3: EXT-X-MEDIA-SEQUENCE 9223372036854775807 is out of range (at most 9223372036854575807)"),
        ("hls_byterange_overflow.m3u8", ":3: bad EXT-X-BYTERANGE (length[@offset], each 0 to 2^53)"),
    ])
    func numbersThatWouldOverflowAreRefused(_ name: String, _ reason: String) throws {
        // F9, F10: overflow traps.
        let (folder, server) = try Self.site()
        let url = try Self.serve(name, on: server)
        let result = try Hostile.run("hls-fetch", [url, "--out", folder.file("out")])
        #expect(result.status == 65)
        #expect(result.errors == "hls-fetch: \(url)\(reason)\n")
    }

    @Test func aRetryAfterThatIsNotANumberIsIgnored() throws {
        // F11: a 429 with `Retry-After: nan` made hls-fetch wait for ever.
        let (folder, server) = try Self.site()
        let refusals = Counter()
        let segment = FileManager.default.contents(atPath: folder.file("vod/seg000.ts")) ?? Data()
        server.route("/status/429") { _ in
            refusals.next() < 2
                ? TestReply(status: 429, headers: [("Retry-After", "nan")], body: Data("slow down".utf8))
                : TestReply(status: 200, headers: [("Content-Type", "video/mp2t")],
                            body: segment)
        }
        let started = Date()
        let result = try Hostile.run("hls-fetch", [try Self.serve("hls_retry_after_nan.m3u8", on: server), "--out", folder.file("out")],
                                     seconds: 60)
        #expect(result.status == 0, "\(result.errors)")
        #expect(try jsonLines(result.output).filter { $0["type"] as? String == "segment" }.count == 2)
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(server.requests(for: "/status/429").count == 3)
    }

    @Test func aLinkPlantedWhereAPartialFileGoesIsNotFollowed() throws {
        // F20: the target outside --out was written and OUT/000000.ts became the link.
        let (folder, server) = try Self.site()
        let out = folder.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let victim = folder.file("victim.txt")
        try "VICTIM ORIGINAL\n".write(toFile: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: out + "/.000000.ts.part", withDestinationPath: victim)
        let result = try Hostile.run("hls-fetch", [server.url + "/vod/made.m3u8", "--out", out])
        #expect(result.status == 0, "\(result.errors)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "VICTIM ORIGINAL\n")
        var info = stat()
        #expect(lstat(out + "/000000.ts", &info) == 0 && info.st_mode & S_IFMT == S_IFREG)
        #expect(FileManager.default.contents(atPath: out + "/000000.ts") == FileManager.default.contents(atPath: folder.file("vod/seg000.ts")))
    }

    @Test func aLinkPlantedAsACompleteSegmentIsNotTaken() throws {
        let (folder, server) = try Self.site()
        let out = folder.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let victim = folder.file("victim.txt")
        try "VICTIM\n".write(toFile: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: out + "/000000.ts", withDestinationPath: victim)
        let result = try Hostile.run("hls-fetch", [server.url + "/vod/made.m3u8", "--out", out])
        #expect(result.status == 69)
        #expect(result.errors.contains("\(out)/000000.ts: is a symbolic link: not written through nor replaced"), "\(result.errors)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "VICTIM\n")
        #expect(try jsonLines(result.output).filter { $0["type"] as? String == "segment" }.count == 2)
    }

    @Test func aLiveSequenceJumpingTo2e62IsADiscontinuityNotTime() throws {
        // F6: hls-fetch wrote `start: 4.6e18` after the jump.
        let (folder, server) = try Self.site()
        defer { withExtendedLifetime(folder) {} }
        let reloads = Counter()
        server.route("/live.m3u8") { _ in
            let count = reloads.next()
            let sequence = count == 0 ? 0 : 4_611_686_018_427_387_904
            let text = "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:\(sequence)\n#EXTINF:1.0,\n/vod/seg000.ts\n#EXTINF:1.0,\n/vod/seg001.ts\n"
                + (count >= 2 ? "#EXT-X-ENDLIST\n" : "")
            return TestReply(status: 200, headers: [("Content-Type", "application/vnd.apple.mpegurl")], body: Data(text.utf8))
        }
        let out = try TemporaryDirectory()
        let result = try Hostile.run("hls-fetch", [server.url + "/live.m3u8", "--out", out.path, "--from-start"], seconds: 60)
        #expect(result.status == 0, "\(result.errors)")
        let records = try jsonLines(result.output)
        let starts = records.filter { $0["type"] as? String == "segment" }.compactMap { $0["start"] as? Double }
        #expect(starts == [0, 1, 2, 3])
        let gap = try #require(records.first { $0["type"] as? String == "gap" })
        #expect(gap["duration"] == nil && gap["start"] as? Double == 2)
        #expect(records.last?["discontinuity"] == nil && records.dropLast().last?["discontinuity"] as? Bool == true)
        #expect(result.errors.contains("beyond a day: taken as a discontinuity, not as time"))
    }

    @Test func theJoinedStreamGoesStraightToAFIFOOrStdout() throws {
        // F19's hls-fetch --concat: a device or FIFO was replaced by rename.
        let (folder, server) = try Self.site()
        let fifo = folder.file("fifo")
        #expect(mkfifo(fifo, 0o644) == 0)
        let result = try Subprocess.run("/bin/sh", ["-c", "cat \"$0\" > \"$1\" & \"$2\" \"$3\" --out \"$4\" --concat \"$0\" > /dev/null && wait",
                                                    fifo, folder.file("got.ts"), Repository.tool("hls-fetch"),
                                                    server.url + "/vod/made.m3u8", folder.file("out")], timeout: 60)
        #expect(result.status == 0, "\(result.errors)")
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        let joined = try (0..<3).reduce(Data()) { data, index in
            data + (try Data(contentsOf: URL(fileURLWithPath: folder.file(String(format: "vod/seg%03d.ts", index)))))
        }
        #expect(FileManager.default.contents(atPath: folder.file("got.ts")) == joined)
        let toStdout = try Hostile.run("hls-fetch", [server.url + "/vod/made.m3u8", "--out", folder.file("out2"), "--concat", "-"])
        #expect(toStdout.status == 0)
        #expect(toStdout.stdout == joined, "the stream, not records")
    }
}
