import Foundation
import ReelTestSupport
import Testing

/// hls-fetch on live playlists: one written in real time by ffmpeg, and scripted ones that go
/// back in sequence and skip ahead.
@Suite struct HLSFetchLiveTests {
    @Test func followsAStreamWrittenInRealTime() throws {
        let stream = try SyntheticStreams.make("football", duration: 180, seed: 1)
        let site = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: site.file("live"), withIntermediateDirectories: true)
        let server = try StaticFileServer(root: site.path)
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: try Subprocess.which("ffmpeg"))
        ffmpeg.arguments = ["-v", "error", "-re", "-i", stream.video, "-t", "14", "-c", "copy", "-f", "hls", "-hls_time", "2",
                            "-hls_list_size", "4", "-hls_flags", "delete_segments",
                            "-hls_segment_filename", site.file("live/s%03d.ts"), site.file("live/index.m3u8")]
        try ffmpeg.run()
        defer { ffmpeg.terminate() }
        let started = Date()
        while !FileManager.default.fileExists(atPath: site.file("live/index.m3u8")) && Date().timeIntervalSince(started) < 20 {
            Thread.sleep(forTimeInterval: 0.1)
        }
        Thread.sleep(forTimeInterval: 2.5)  // a few segments in the window
        let out = try TemporaryDirectory()
        let fetch = try InteractiveProcess(Repository.tool("hls-fetch"), [server.url + "/live/index.m3u8", "--out", out.path])
        let first = fetch.wait(timeout: 30) { !$0.isEmpty }
        let firstAt = Date()
        let lines = fetch.wait(timeout: 60) { _ in false }
        #expect(fetch.finish() == 0)
        ffmpeg.waitUntilExit()
        let records = try jsonLines(lines.joined(separator: "\n"))
        #expect(!first.isEmpty)
        // Records came while the stream was still being written.
        #expect(firstAt.timeIntervalSince(started) < 10)
        let sequences = records.compactMap { $0["seq"] as? Int }
        #expect(records.allSatisfy { $0["type"] as? String == "segment" })
        try #require(sequences.count >= 4)
        #expect(sequences == Array(sequences[0]...(sequences.last ?? 0)), "contiguous, no duplicates: \(sequences)")
        // Started at the live edge: not at segment 0 of a playlist that had moved on.
        let final = try String(contentsOfFile: site.file("live/index.m3u8"), encoding: .utf8)
        #expect(final.contains("#EXT-X-ENDLIST"))
        #expect(final.contains(String(format: "s%03d.ts", sequences.last ?? -1)))
        for record in records {
            let path = try #require(record["path"] as? String)
            let name = String(format: "/live/s%03d.ts", record["seq"] as? Int ?? -1)
            #expect(FileManager.default.contents(atPath: path) == server.servedBody(name), "\(name)")
        }
    }

    @Test func ignoresAPlaylistThatGoesBackAndMarksOneThatSkipsAhead() throws {
        let site = try TemporaryDirectory()
        let entries = try HLSFetchTests.entries(try HLSFetchTests.hls(site.file("vod"), seconds: 24))
        let server = try StaticFileServer(root: site.path)
        // Reload k shows segments [w, w+3): 0, 1, 2, back to 0, 3, then 7 (6 scrolled by unseen), 8, ...
        let windows = [0, 1, 2, 0, 3, 7] + Array(8...(entries.count - 3))
        let reloads = Counter()
        server.route("/live.m3u8") { _ in
            let k = reloads.next()
            let w = windows[min(k, windows.count - 1)]
            var text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:\(w)\n"
            for index in w..<(w + 3) {
                text += "#EXTINF:\(entries[index].duration),\nvod/\(entries[index].uri)\n"
            }
            if k >= windows.count - 1 { text += "#EXT-X-ENDLIST\n" }
            return TestReply(text: text, contentType: "application/vnd.apple.mpegurl")
        }
        let out = try TemporaryDirectory()
        let result = try Tools.run("hls-fetch", [server.url + "/live.m3u8", "--out", out.path, "--live-edge", "3"])
        #expect(result.status == 0, "\(result.errors)")
        let records = try jsonLines(result.output)
        let kinds = records.map { "\($0["type"] ?? "")\($0["seq"] ?? $0["from"] ?? "")" }
        #expect(kinds == ["segment0", "segment1", "segment2", "segment3", "segment4", "segment5", "gap6"]
                + (7..<entries.count).map { "segment\($0)" })
        #expect(result.errors.contains("went back in sequence"), "\(result.errors)")
        let gap = try #require(records.first { $0["type"] as? String == "gap" })
        #expect(gap["to"] as? Int == 6 && (gap["reason"] as? String)?.contains("skipped ahead") == true)
        #expect(records.first { $0["seq"] as? Int == 7 }?["discontinuity"] as? Bool == true)
        for record in records where record["type"] as? String == "segment" {
            let index = record["seq"] as? Int ?? -1
            #expect(FileManager.default.contents(atPath: record["path"] as? String ?? "")
                    == FileManager.default.contents(atPath: site.file("vod/" + entries[index].uri)))
        }
    }

    @Test func stopsWhenNoNewSegmentComes() throws {
        let site = try TemporaryDirectory()
        let entries = try HLSFetchTests.entries(try HLSFetchTests.hls(site.file("vod"), seconds: 8))
        let server = try StaticFileServer(root: site.path)
        server.route("/stuck.m3u8") { _ in
            var text = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:0\n"
            for entry in entries.prefix(2) { text += "#EXTINF:\(entry.duration),\nvod/\(entry.uri)\n" }
            return TestReply(text: text)
        }
        let out = try TemporaryDirectory()
        let began = Date()
        let result = try Tools.run("hls-fetch", [server.url + "/stuck.m3u8", "--out", out.path, "--idle-timeout", "7.5"])
        #expect(result.status == 0)
        #expect(try HLSFetchTests.segments(result).count == 2)
        #expect(result.errors.contains("no new segment for 7.5 s"))
        #expect(Date().timeIntervalSince(began) < 14)
        // Reloads at 0, 4, then 2 and 1 s apart once nothing new came (the interval halves).
        #expect(server.requests(for: "/stuck.m3u8").count >= 4)
    }
}

/// A thread-safe counter for scripted answers.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// The current value, then one more.
    func next() -> Int {
        lock.withLock {
            defer { value += 1 }
            return value
        }
    }
}
