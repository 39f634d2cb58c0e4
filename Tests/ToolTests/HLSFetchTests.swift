import Foundation
import ReelTestSupport
import Testing

/// hls-fetch end to end against a real HTTP server on 127.0.0.1 serving HLS made by ffmpeg
/// from a synthetic stream: downloads are compared byte for byte with what was served.
@Suite struct HLSFetchTests {
    /// HLS made by the ffmpeg CLI from the first `seconds` of a synthetic football stream.
    static func hls(_ folder: String, seconds: Int = 24, _ extra: [String] = [], segmentName: String = "s%03d.ts") throws -> String {
        let stream = try SyntheticStreams.make("football", duration: 180, seed: 1)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let result = try Subprocess.run("ffmpeg", ["-v", "error", "-y", "-i", stream.video, "-t", String(seconds), "-c", "copy",
                                                   "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod"] + extra
                                                  + ["-hls_segment_filename", folder + "/" + segmentName, folder + "/index.m3u8"])
        guard result.status == 0 else { throw TestSetupError("ffmpeg: \(result.errors)") }
        return folder + "/index.m3u8"
    }

    /// The URIs and durations of a media playlist, in order.
    static func entries(_ playlist: String) throws -> [(uri: String, duration: Double)] {
        var entries: [(String, Double)] = []
        var duration = 0.0
        for line in try String(contentsOfFile: playlist, encoding: .utf8).split(separator: "\n") {
            if line.hasPrefix("#EXTINF:") {
                duration = Double(line.dropFirst(8).split(separator: ",")[0]) ?? 0
            } else if !line.hasPrefix("#") {
                entries.append((String(line), duration))
            }
        }
        return entries
    }

    static func segments(_ result: ProcessResult) throws -> [[String: Any]] {
        try jsonLines(result.output).filter { $0["type"] as? String == "segment" }
    }

    static func data(_ path: String) -> Data {
        FileManager.default.contents(atPath: path) ?? Data()
    }

    @Test func downloadsAVODInOrderByteForByte() throws {
        let site = try TemporaryDirectory()
        let playlist = try Self.hls(site.file("vod"))
        let server = try StaticFileServer(root: site.path)
        let out = try TemporaryDirectory()
        let result = try Tools.run("hls-fetch", [server.url + "/vod/index.m3u8", "--out", out.file("seg"),
                                                 "--concat", out.file("all.ts"), "--threads", "4"])
        #expect(result.status == 0, "\(result.errors)")
        let records = try Self.segments(result)
        let entries = try Self.entries(playlist)
        try #require(records.count == entries.count)
        var start = 0.0
        var joined = Data()
        for (index, (record, entry)) in zip(records, entries).enumerated() {
            #expect(record["seq"] as? Int == index)
            #expect(record["url"] as? String == server.url + "/vod/" + entry.uri)
            #expect(abs((record["start"] as? Double ?? -1) - start) < 1e-5)
            #expect(record["duration"] as? Double == entry.duration)
            let source = Self.data(site.file("vod/" + entry.uri))
            let path = try #require(record["path"] as? String)
            #expect(path == out.file("seg") + String(format: "/%06d.ts", index))
            #expect(Self.data(path) == source, "segment \(index) differs")
            #expect(record["bytes"] as? Int == source.count)
            start += entry.duration
            joined += source
        }
        #expect(Self.data(out.file("all.ts")) == joined)
        #expect(!FileManager.default.fileExists(atPath: out.file("all.ts.part")))
        // Each segment fetched once; nothing left half-done.
        #expect(server.requests.filter { $0.path.hasSuffix(".ts") }.count == entries.count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.file("seg")).count == entries.count)
    }

    @Test func resumesCompleteAndPartialSegments() throws {
        let site = try TemporaryDirectory()
        let entries = try Self.entries(try Self.hls(site.file("vod"), seconds: 12))
        let server = try StaticFileServer(root: site.path)
        let out = try TemporaryDirectory()
        // An earlier run: segments 0 and 1 complete, 2 half-written.
        for index in 0..<2 {
            try Self.data(site.file("vod/" + entries[index].uri)).write(to: URL(fileURLWithPath: out.file(String(format: "%06d.ts", index))))
        }
        let third = Self.data(site.file("vod/" + entries[2].uri))
        try third.prefix(50_000).write(to: URL(fileURLWithPath: out.file(".000002.ts.part")))
        let result = try Tools.run("hls-fetch", [server.url + "/vod/index.m3u8", "--out", out.path, "--concat", out.file("all.ts")])
        #expect(result.status == 0, "\(result.errors)")
        let records = try Self.segments(result)
        #expect(records.map { $0["seq"] as? Int } == Array(0..<entries.count))
        #expect(records.prefix(2).allSatisfy { $0["resumed"] as? Bool == true })
        #expect(server.requests(for: "/vod/" + entries[0].uri).isEmpty)
        #expect(server.requests(for: "/vod/" + entries[1].uri).isEmpty)
        #expect(server.requests(for: "/vod/" + entries[2].uri).map { $0.headers["range"] } == ["bytes=50000-"])
        for (index, entry) in entries.enumerated() {
            #expect(Self.data(out.file(String(format: "%06d.ts", index))) == Self.data(site.file("vod/" + entry.uri)))
        }
        #expect(Self.data(out.file("all.ts")) == entries.reduce(Data()) { $0 + Self.data(site.file("vod/" + $1.uri)) })
    }

    @Test func retriesFaultsAndReportsASegmentThatKeepsFailing() throws {
        let site = try TemporaryDirectory()
        let entries = try Self.entries(try Self.hls(site.file("vod"), seconds: 20))
        let server = try StaticFileServer(root: site.path)
        let path = { (index: Int) in "/vod/" + entries[index].uri }
        server.fail(path(1), [.status(500), .status(503)])
        server.fail(path(2), [.fault(.resetAfter(40_000))])
        server.fail(path(3), [.fault(.truncateAfter(30_000))])
        server.fail(path(4), [.fault(.stallAfter(20_000, seconds: 4))])
        server.fail(path(5), [.status(429, retryAfter: 1)])
        server.fail(path(6), [.fault(.drop)])
        server.fail(path(7), Array(repeating: .status(404), count: 10))
        let out = try TemporaryDirectory()
        let result = try Tools.run("hls-fetch", [server.url + "/vod/index.m3u8", "--out", out.path, "--timeout", "1",
                                                 "--threads", "3"])
        #expect(result.status == 69)
        #expect(result.errors.contains("hls-fetch: \(server.url)\(path(7)) (segment 7): HTTP 404"), "\(result.errors)")
        let records = try jsonLines(result.output)
        let kinds = records.map { "\($0["type"] ?? "")\($0["seq"] ?? $0["from"] ?? "")" }
        #expect(kinds == (0..<7).map { "segment\($0)" } + ["error7", "gap7"] + (8..<entries.count).map { "segment\($0)" })
        for (index, entry) in entries.enumerated() where index != 7 {
            #expect(Self.data(out.file(String(format: "%06d.ts", index))) == Self.data(site.file("vod/" + entry.uri)),
                    "segment \(index)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.file("000007.ts")))
        #expect(server.requests(for: path(1)).count == 3)
        // The reset, truncated and stalled transfers continued where they broke off.
        #expect(server.requests(for: path(2)).last?.headers["range"] == "bytes=40000-")
        #expect(server.requests(for: path(3)).last?.headers["range"] == "bytes=30000-")
        #expect(server.requests(for: path(4)).last?.headers["range"] == "bytes=20000-")
        #expect(server.requests(for: path(7)).count == 1, "a 404 is not retried")
    }

    /// Two AES-128 playlists from ffmpeg: one with an explicit IV, one with the IV taken from
    /// the sequence number (ffmpeg encrypts with the sequence number when given no IV but
    /// writes only the first one into the playlist; removing it makes the playlist say what
    /// was done).
    @Test(arguments: [true, false]) func decryptsAES128WithTheKeyFetchedOnce(explicitIV: Bool) throws {
        let site = try TemporaryDirectory()
        let key = Data((0..<16).map { UInt8($0 * 17 & 0xff) })
        let ivText = "0123456789abcdef0011223344556677"
        try key.write(to: URL(fileURLWithPath: site.file("video.key")))
        let keyInfo = "/keys/video.key\n\(site.file("video.key"))\n" + (explicitIV ? ivText + "\n" : "")
        try keyInfo.write(toFile: site.file("keyinfo"), atomically: true, encoding: .utf8)
        let playlist = try Self.hls(site.file("aes"), seconds: 12, ["-hls_key_info_file", site.file("keyinfo")])
        if !explicitIV {
            let text = try String(contentsOfFile: playlist, encoding: .utf8)
            try text.replacingOccurrences(of: ",IV=0x00000000000000000000000000000000", with: "")
                .write(toFile: playlist, atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(atPath: site.file("keys"), withIntermediateDirectories: true)
        try key.write(to: URL(fileURLWithPath: site.file("keys/video.key")))
        let text = try String(contentsOfFile: playlist, encoding: .utf8)
        #expect(text.contains("METHOD=AES-128") && text.contains("IV=") == explicitIV)
        let server = try StaticFileServer(root: site.path)
        let out = try TemporaryDirectory()
        let result = try Tools.run("hls-fetch", [server.url + "/aes/index.m3u8", "--out", out.path])
        #expect(result.status == 0, "\(result.errors)")
        let entries = try Self.entries(playlist)
        #expect(try Self.segments(result).count == entries.count)
        for (index, entry) in entries.enumerated() {
            // The reference: the openssl CLI.
            let iv = explicitIV ? ivText : String(format: "%032x", index)
            let plain = try Subprocess.run("openssl", ["aes-128-cbc", "-d", "-K", key.map { String(format: "%02x", $0) }.joined(),
                                                       "-iv", iv, "-in", site.file("aes/" + entry.uri)])
            #expect(plain.status == 0)
            #expect(Self.data(out.file(String(format: "%06d.ts", index))) == plain.stdout, "segment \(index)")
            #expect(plain.stdout.first == 0x47 && plain.stdout.count % 188 == 0)  // TS packets: really decrypted
        }
        #expect(server.requests(for: "/keys/video.key").count == 1)
    }

    @Test func prependsTheFMP4InitialisationSection() throws {
        let site = try TemporaryDirectory()
        let playlist = try Self.hls(site.file("fmp4"), seconds: 10, ["-bsf:a", "aac_adtstoasc", "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4"],
                                    segmentName: "s%03d.m4s")
        let server = try StaticFileServer(root: site.path)
        let out = try TemporaryDirectory()
        let result = try Tools.run("hls-fetch", [server.url + "/fmp4/index.m3u8", "--out", out.path, "--concat", out.file("all.mp4")])
        #expect(result.status == 0, "\(result.errors)")
        let initSection = Self.data(site.file("fmp4/init.mp4"))
        let entries = try Self.entries(playlist)
        let records = try Self.segments(result)
        try #require(records.count == entries.count && !initSection.isEmpty)
        var joined = initSection
        for (record, entry) in zip(records, entries) {
            let fragment = Self.data(site.file("fmp4/" + entry.uri))
            let path = try #require(record["path"] as? String)
            #expect(path.hasSuffix(".mp4"))
            #expect(Self.data(path) == initSection + fragment)
            joined += fragment
        }
        #expect(Self.data(out.file("all.mp4")) == joined)
        #expect(server.requests(for: "/fmp4/init.mp4").count == 1)
        // Each file plays alone.
        let probed = try Media.streams(of: try #require(records.last?["path"] as? String))
        #expect(probed.first?.kind == "video" && (probed.first?.frames ?? 0) > 0)
    }

    @Test func fetchesByteRangesOfOneFile() throws {
        let site = try TemporaryDirectory()
        let playlist = try Self.hls(site.file("single"), seconds: 12, ["-hls_flags", "single_file"], segmentName: "all.ts")
        #expect(try String(contentsOfFile: playlist, encoding: .utf8).contains("#EXT-X-BYTERANGE"))
        let server = try StaticFileServer(root: site.path)
        let out = try TemporaryDirectory()
        let result = try Tools.run("hls-fetch", [server.url + "/single/index.m3u8", "--out", out.path, "--concat", out.file("joined.ts")])
        #expect(result.status == 0, "\(result.errors)")
        let whole = Self.data(site.file("single/all.ts"))
        var ranges: [Range<Int>] = []
        var offset = 0
        for line in try String(contentsOfFile: playlist, encoding: .utf8).split(separator: "\n") where line.hasPrefix("#EXT-X-BYTERANGE:") {
            let parts = line.dropFirst(17).split(separator: "@")
            let length = Int(parts[0]) ?? 0
            offset = parts.count > 1 ? Int(parts[1]) ?? 0 : offset
            ranges.append(offset..<(offset + length))
            offset += length
        }
        let records = try Self.segments(result)
        try #require(records.count == ranges.count && ranges.count > 3)
        for (record, range) in zip(records, ranges) {
            #expect(Self.data(try #require(record["path"] as? String)) == whole.subdata(in: range))
        }
        #expect(Self.data(out.file("joined.ts")) == whole.prefix(ranges.last?.upperBound ?? 0))
        #expect(server.requests(for: "/single/all.ts").allSatisfy { $0.headers["range"] != nil })
    }

    @Test func refusesHostileURIsAndWritesOnlyInsideTheFolder() throws {
        let site = try TemporaryDirectory()
        let entries = try Self.entries(try Self.hls(site.file("vod"), seconds: 4))
        let server = try StaticFileServer(root: site.path)
        server.route("/redirect.ts") { _ in TestReply(status: 302, headers: [("Location", "file:///etc/passwd")], body: Data()) }
        let hostile = [
            "file:///etc/passwd", "data:video/mp2t;base64,R0dHRw==", "ftp://127.0.0.1/x.ts", "/redirect.ts",
            "../../../../../../tmp/reel-escape.ts", "vod/" + entries[0].uri,
        ]
        var text = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n"
        for uri in hostile { text += "#EXTINF:2,\n\(uri)\n" }
        let playlist = text + "#EXT-X-ENDLIST\n"
        server.route("/hostile.m3u8") { _ in TestReply(text: playlist) }
        server.route("/nothls.m3u8") { _ in TestReply(text: "<html>not a playlist</html>") }
        let big = String(repeating: "#EXT-X-COMMENT\n", count: 1_200_000)
        server.route("/huge.m3u8") { _ in TestReply(text: "#EXTM3U\n" + big) }
        let out = try TemporaryDirectory()
        let result = try Tools.run("hls-fetch", [server.url + "/hostile.m3u8", "--out", out.file("seg")])
        #expect(result.status == 69)
        let records = try jsonLines(result.output)
        let kinds = records.map { "\($0["type"] ?? "")\($0["seq"] ?? $0["from"] ?? "")" }
        #expect(kinds == ["error0", "gap0", "error1", "gap1", "error2", "gap2", "error3", "gap3", "error4", "gap4", "segment5"])
        let reasons = records.filter { $0["type"] as? String == "error" }.compactMap { $0["what"] as? String }
        #expect(reasons[0].contains("refused file:") && reasons[1].contains("refused data:") && reasons[2].contains("refused ftp:"))
        #expect(reasons[3].contains("refused"), "\(reasons[3])")
        #expect(reasons[4].contains("HTTP 404"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.file("seg")) == ["000005.ts"])
        #expect(!FileManager.default.fileExists(atPath: "/tmp/reel-escape.ts"))
        #expect(!result.output.contains("root:"))

        let notHLS = try Tools.run("hls-fetch", [server.url + "/nothls.m3u8", "--out", out.file("x")])
        #expect(notHLS.status == 65)
        #expect(notHLS.errors.contains("hls-fetch: \(server.url)/nothls.m3u8:"), "\(notHLS.errors)")
        let huge = try Tools.run("hls-fetch", [server.url + "/huge.m3u8", "--out", out.file("x")])
        #expect(huge.status == 65)
        #expect(huge.errors.contains("larger than"), "\(huge.errors)")
        let refused = try Tools.run("hls-fetch", ["file:///etc/passwd", "--out", out.file("x")])
        #expect(refused.status == 65 && refused.errors.contains("only http and https"))
    }

    @Test func takesAPartAndFeedsFrameSampleAsItGoes() throws {
        let site = try TemporaryDirectory()
        let entries = try Self.entries(try Self.hls(site.file("vod"), seconds: 24))
        let server = try StaticFileServer(root: site.path)
        let out = try TemporaryDirectory()
        // Stream time [5, 11) overlaps the segments starting at 4, 6, 8 and 10.
        let part = try Tools.run("hls-fetch", [server.url + "/vod/index.m3u8", "--out", out.file("part"), "--start", "5", "--duration", "6"])
        #expect(part.status == 0, "\(part.errors)")
        #expect(try Self.segments(part).map { $0["start"] as? Double } == [4, 6, 8, 10])
        #expect(server.requests.filter { $0.path.hasSuffix(".ts") }.map(\.path) .sorted() == (2...5).map { "/vod/" + entries[$0].uri })
        // A partial file that does not fit the resource is started over.
        try Data(repeating: 1, count: 9_000_000).write(to: URL(fileURLWithPath: out.file("part/.000006.ts.part")))
        let again = try Tools.run("hls-fetch", [server.url + "/vod/index.m3u8", "--out", out.file("part"), "--start", "5", "--duration", "8"])
        #expect(again.status == 0, "\(again.errors)")
        #expect(Self.data(out.file("part/000006.ts")) == Self.data(site.file("vod/" + entries[6].uri)))
        // hls-fetch | frame-sample: the same frames, at the same times, as from the whole file.
        let piped = try Subprocess.run("/bin/sh", ["-c", "\"$0\" \"$1\" --out \"$2\" | \"$3\" --every 3 --mode key --out \"$4\"",
                                                   Repository.tool("hls-fetch"), server.url + "/vod/index.m3u8", out.file("all"),
                                                   Repository.tool("frame-sample"), out.file("frames")])
        #expect(piped.status == 0, "\(piped.errors)")
        let whole = try Tools.run("frame-sample", [site.file("vod/" + entries[0].uri)] + entries.dropFirst().map { site.file("vod/" + $0.uri) }
                                  + ["--every", "3", "--mode", "key", "--out", out.file("frames-whole")])
        let times = { (text: String) in try jsonLines(text).filter { $0["type"] as? String == "frame" }.compactMap { $0["t"] as? Double } }
        #expect(try times(piped.output) == times(whole.output))
        #expect(try times(piped.output).count == Int(entries.reduce(0) { $0 + $1.duration } / 3) + 1)
        #expect(try jsonLines(piped.output).filter { $0["type"] as? String == "segment" }.count == entries.count)
    }
}
