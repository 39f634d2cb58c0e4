import Foundation
import ReelTestSupport
import Testing

/// `hls-fetch --list`: a table for a person at a terminal (through a pseudo-terminal here),
/// records when piped or with --json; streamlink's Twitch master whose audio_only variant has
/// no BANDWIDTH is listed, not refused.
@Suite struct HLSFetchListTests {
    /// A server answering /master.m3u8 with the streamlink Twitch fixture, and /bad.m3u8 with
    /// a master playlist whose FRAME-RATE does not read.
    static func server() throws -> StaticFileServer {
        let server = try StaticFileServer(root: "/nonexistent")
        let fixture = try Data(contentsOf: URL(fileURLWithPath: Repository.fixture("hls-playlists/twitch-multivariant-bandwidth.m3u8")))
        server.route("/master.m3u8") { _ in
            TestReply(headers: [("Content-Type", "application/vnd.apple.mpegurl")], body: fixture)
        }
        server.route("/bad.m3u8") { _ in
            TestReply(text: "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000,RESOLUTION=640x360,FRAME-RATE=nan\nv.m3u8\n")
        }
        return server
    }

    /// Runs hls-fetch with stdout on a pseudo-terminal (python3's pty module); its output with
    /// the terminal's CR LF made LF.
    static func onATerminal(_ arguments: [String]) throws -> ProcessResult {
        var result = try Subprocess.run("python3", ["-c", "import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))",
                                                    Repository.tool("hls-fetch")] + arguments,
                                        environment: ["COLUMNS": "120"])
        result.stdout = Data(result.output.replacingOccurrences(of: "\r\n", with: "\n").utf8)
        return result
    }

    @Test func aTableOnATerminal() throws {
        let server = try Self.server()
        let result = try Self.onATerminal([server.url + "/master.m3u8", "--list"])
        #expect(result.status == 0, "\(result.output)")
        let lines = result.lines
        try #require(lines.count == 7, "\(result.output)")
        #expect(lines[0].split(separator: " ", omittingEmptySubsequences: true) == ["NAME", "RESOLUTION", "BANDWIDTH", "CODECS", "FPS", "URL"])
        #expect(!result.output.contains("{"))
        let cells = lines.dropFirst().map { $0.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        #expect(cells.map { $0.first } == ["1080p60", "Audio Only", "720p60 (best)", "480p", "360p", "160p (worst)"])
        #expect(cells[0] == ["1080p60", "1920x1080", "?", "avc1.64002A,mp4a.40.2", "59.993", server.url + "/chunked.m3u8"])
        #expect(cells[1] == ["Audio Only", "-", "?", "mp4a.40.2", "-", server.url + "/audio_only.m3u8"])
        #expect(cells[2].dropFirst().prefix(2) == ["1280x720", "3.0 Mb/s"])
        #expect(cells[4][2] == "700 kb/s")
        // The columns line up: each starts where its header does.
        let urlColumn = try #require(lines[0].range(of: "URL")).lowerBound.utf16Offset(in: lines[0])
        #expect(lines.dropFirst().allSatisfy { $0.dropFirst(urlColumn).hasPrefix("http://") })
    }

    @Test func aLongURLIsShortenedInItsMiddleToTheTerminal() throws {
        let server = try Self.server()
        let long = "/" + String(repeating: "very-long-path/", count: 12) + "master.m3u8"
        let fixture = try Data(contentsOf: URL(fileURLWithPath: Repository.fixture("hls-playlists/twitch-multivariant-bandwidth.m3u8")))
        server.route(long) { _ in TestReply(body: fixture) }
        let result = try Self.onATerminal([server.url + long, "--list"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.lines.dropFirst().allSatisfy { $0.contains("…") && $0.hasSuffix(".m3u8") && $0.count <= 120 }, "\(result.output)")
    }

    @Test func recordsWhenPipedOrAskedFor() throws {
        let server = try Self.server()
        let piped = try Tools.run("hls-fetch", [server.url + "/master.m3u8", "--list"])
        #expect(piped.status == 0, "\(piped.errors)")
        let variants = try jsonLines(piped.output)
        #expect(variants.map { $0["name"] as? String } == ["1080p60", "Audio Only", "720p60", "480p", "360p", "160p"])
        #expect(variants.map { $0["bandwidth"] as? Int } == [0, nil, 3_000_000, 1_500_000, 700_000, 300_000])
        #expect(variants.filter { $0["best"] as? Bool == true }.map { $0["name"] as? String } == ["720p60"])
        let forced = try Self.onATerminal([server.url + "/master.m3u8", "--list", "--json"])
        #expect(forced.status == 0, "\(forced.output)")
        #expect(try jsonLines(forced.output).map { $0["name"] as? String } == variants.map { $0["name"] as? String })
        let alone = try Tools.run("hls-fetch", [server.url + "/master.m3u8", "--json"])
        #expect(alone.status == 64 && alone.errors == "hls-fetch: --json: only with --list\n", "\(alone.errors)")
    }

    @Test func anAttributeThatDoesNotReadIsIgnoredWithAWarning() throws {
        let server = try Self.server()
        let result = try Tools.run("hls-fetch", [server.url + "/bad.m3u8", "--list"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors == "hls-fetch: \(server.url)/bad.m3u8:2: warning: EXT-X-STREAM-INF FRAME-RATE=nan is not a number: ignored\n")
        #expect(try jsonLines(result.output).first?["frame_rate"] == nil)
        let quiet = try Tools.run("hls-fetch", [server.url + "/bad.m3u8", "--list", "-q"])
        #expect(quiet.status == 0 && quiet.errors.isEmpty)
    }
}
