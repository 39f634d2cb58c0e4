import Foundation
import Glibc
import ReelTestSupport
import Testing

/// `hls-fetch -o FILE`, as streamlink's `-o`: the stream written as one file (the segments
/// joined in order) while the records still go to stdout; `-o -` the stream on stdout instead;
/// never through a planted link; devices written straight; a live recording growing in place.
@Suite struct HLSFetchOutputTests {
    /// A VOD of `seconds` served from a new folder: the server, the folder and the entries.
    static func vod(seconds: Int = 8) throws -> (site: TemporaryDirectory, server: StaticFileServer,
                                                 entries: [(uri: String, duration: Double)]) {
        let site = try TemporaryDirectory()
        let entries = try HLSFetchTests.entries(try HLSFetchTests.hls(site.file("vod"), seconds: seconds))
        let server = try StaticFileServer(root: site.path)
        return (site, server, entries)
    }

    /// The served segments joined, byte for byte.
    static func joined(_ site: TemporaryDirectory, _ entries: [(uri: String, duration: Double)]) -> Data {
        entries.reduce(Data()) { $0 + HLSFetchTests.data(site.file("vod/" + $1.uri)) }
    }

    @Test func writesTheStreamToAFileAndTheRecordsToStdout() throws {
        let (site, server, entries) = try Self.vod()
        let out = try TemporaryDirectory()
        let result = try Tools.run("hls-fetch", [server.url + "/vod/index.m3u8", "-o", out.file("vod.ts"), "--out", out.file("seg")])
        #expect(result.status == 0, "\(result.errors)")
        let joined = Self.joined(site, entries)
        #expect(joined.count > 100_000)
        #expect(HLSFetchTests.data(out.file("vod.ts")) == joined)
        #expect(try HLSFetchTests.segments(result).count == entries.count)
        // Nothing left beside it; the long name says the same.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["seg", "vod.ts"])
        let long = try Tools.run("hls-fetch", [server.url + "/vod/index.m3u8", "--output", out.file("again.ts"), "--out", out.file("seg")])
        #expect(long.status == 0, "\(long.errors)")
        #expect(HLSFetchTests.data(out.file("again.ts")) == joined)
        // A regular file already there is replaced.
        try Data("old".utf8).write(to: URL(fileURLWithPath: out.file("again.ts")))
        #expect(try Tools.run("hls-fetch", [server.url + "/vod/index.m3u8", "-o", out.file("again.ts"), "--out", out.file("seg")]).status == 0)
        #expect(HLSFetchTests.data(out.file("again.ts")) == joined)
    }

    @Test func writesTheStreamToStdoutInsteadOfRecords() throws {
        let (site, server, entries) = try Self.vod()
        let out = try TemporaryDirectory()
        let result = try Tools.run("hls-fetch", [server.url + "/vod/index.m3u8", "-o", "-", "--out", out.file("seg")])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.stdout == Self.joined(site, entries))
        #expect(result.stdout.first == 0x47)  // MPEG-TS, not a record
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.file("seg")).count == entries.count)
    }

    @Test func refusesALinkPlantedAtTheFileAndLeavesItsTargetAlone() throws {
        let (site, server, _) = try Self.vod(seconds: 4)
        defer { withExtendedLifetime(site) {} }  // the served folder
        let out = try TemporaryDirectory()
        let victim = out.file("victim.txt")
        try "VICTIM\n".write(toFile: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: out.file("vod.ts"), withDestinationPath: victim)
        let result = try Tools.run("hls-fetch", [server.url + "/vod/index.m3u8", "-o", out.file("vod.ts"), "--out", out.file("seg")])
        #expect(result.status == 74)
        #expect(result.errors == "hls-fetch: \(out.file("vod.ts")): is a symbolic link: not written through nor replaced\n")
        #expect(result.output.isEmpty)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "VICTIM\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out.file("vod.ts")) == victim)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.contains(".part") }.isEmpty)
        // Nor a folder.
        try FileManager.default.createDirectory(atPath: out.file("dir.ts"), withIntermediateDirectories: true)
        let folder = try Tools.run("hls-fetch", [server.url + "/vod/index.m3u8", "-o", out.file("dir.ts"), "--out", out.file("seg")])
        #expect(folder.status == 74 && folder.errors.contains("dir.ts: is a folder"), "\(folder.errors)")
    }

    @Test func writesStraightToDevNull() throws {
        let (site, server, entries) = try Self.vod(seconds: 4)
        defer { withExtendedLifetime(site) {} }  // the served folder
        let out = try TemporaryDirectory()
        let result = try Tools.run("hls-fetch", [server.url + "/vod/index.m3u8", "-o", "/dev/null", "--out", out.file("seg")])
        #expect(result.status == 0, "\(result.errors)")
        #expect(try HLSFetchTests.segments(result).count == entries.count)
        var info = stat()
        #expect(lstat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR, "still a device")
    }

    @Test func refusesOutputWithAClipAndAnEmptyName() throws {
        let clip = try Tools.run("hls-fetch", ["--twitch-clip", "BraveGoal-Ab12", "-o", "x.mp4"])
        #expect(clip.status == 64 && clip.errors.hasPrefix("hls-fetch: --output: not with --twitch-clip"), "\(clip.errors)")
        let empty = try Tools.run("hls-fetch", ["http://127.0.0.1:9/x.m3u8", "-o", ""])
        #expect(empty.status == 64, "\(empty.errors)")
    }

    @Test func aLiveRecordingGrowsInPlaceAndKeepsItsGaps() throws {
        let (site, server, entries) = try Self.vod(seconds: 12)
        try #require(entries.count >= 5)
        // Reloads show segments 0, then 0-1, then 3-4 (2 scrolled by unseen: a gap), then 3 to
        // the last and ENDLIST.
        let windows = [(0, 0), (0, 1), (3, 4), (3, entries.count - 1)]
        let reloads = Counter()
        server.route("/live.m3u8") { _ in
            let k = min(reloads.next(), windows.count - 1)
            let (first, last) = windows[k]
            var text = "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:\(first)\n"
            for index in first...last {
                text += "#EXTINF:\(entries[index].duration),\nvod/\(entries[index].uri)\n"
            }
            return TestReply(text: text + (k == windows.count - 1 ? "#EXT-X-ENDLIST\n" : ""))
        }
        let out = try TemporaryDirectory()
        let file = out.file("live.ts")
        let fetch = try InteractiveProcess(Repository.tool("hls-fetch"), [server.url + "/live.m3u8", "-o", file, "--out", out.file("seg"),
                                                                          "--from-start"])
        defer { fetch.kill() }
        let first = fetch.wait(timeout: 30) { !$0.isEmpty }
        try #require(!first.isEmpty)
        // The first record is out before the stream ends: the file is already in place, a
        // regular file holding the first segment.
        var info = stat()
        #expect(lstat(file, &info) == 0 && info.st_mode & S_IFMT == S_IFREG)
        #expect(HLSFetchTests.data(file).prefix(HLSFetchTests.data(site.file("vod/" + entries[0].uri)).count)
                == HLSFetchTests.data(site.file("vod/" + entries[0].uri)))
        #expect(first.count < entries.count)
        let lines = fetch.wait(timeout: 60) { _ in false }
        #expect(fetch.finish() == 0)
        let records = try jsonLines(lines.joined(separator: "\n"))
        let segments = records.filter { $0["type"] as? String == "segment" }.compactMap { $0["seq"] as? Int }
        #expect(segments == Array(0..<entries.count).filter { $0 != 2 }, "\(records)")
        #expect(records.contains { $0["type"] as? String == "gap" && $0["from"] as? Int == 2 })
        // The gap is in the file as it is: the segments around it, joined.
        let expected = segments.reduce(Data()) { $0 + HLSFetchTests.data(site.file("vod/" + entries[$1].uri)) }
        #expect(HLSFetchTests.data(file) == expected)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["live.ts", "seg"])
    }
}
