import Foundation
import ReelTestSupport
import Testing

/// `hls-fetch -v`: a line on stderr per playlist fetched and per segment transfer (what, how
/// many bytes, how long), and only with -v; errors keep their form.
@Suite struct HLSFetchVerboseTests {
    @Test func aLinePerPlaylistAndSegment() throws {
        let (site, server, entries) = try HLSFetchOutputTests.vod(seconds: 6)
        let out = try TemporaryDirectory()
        let playlist = server.url + "/vod/index.m3u8"
        let result = try Tools.run("hls-fetch", [playlist, "--out", out.path, "-v"])
        #expect(result.status == 0, "\(result.errors)")
        let lines = result.errors.split(separator: "\n").map(String.init)
        let size = HLSFetchTests.data(site.file("vod/index.m3u8")).count
        let playlistLine = try #require(lines.first)
        #expect(playlistLine.hasPrefix("hls-fetch: \(playlist): playlist: \(size) bytes in "), "\(playlistLine)")
        #expect(playlistLine.hasSuffix(" s (media, \(entries.count) segments, ended)"), "\(playlistLine)")
        for (index, entry) in entries.enumerated() {
            let bytes = HLSFetchTests.data(site.file("vod/" + entry.uri)).count
            let prefix = "hls-fetch: \(server.url)/vod/\(entry.uri): segment \(index): \(bytes) bytes in "
            let line = try #require(lines.first { $0.hasPrefix(prefix) }, "\(result.errors)")
            let seconds = Double(line.dropFirst(prefix.count).dropLast(2))
            #expect(seconds.map { $0 >= 0 && $0 < 60 } == true, "\(line)")
        }
        #expect(lines.count == 1 + entries.count, "\(result.errors)")
        // The records are the same as without -v.
        #expect(try HLSFetchTests.segments(result).count == entries.count)
    }

    @Test func nothingMoreWithoutItOrWithQuiet() throws {
        let (site, server, _) = try HLSFetchOutputTests.vod(seconds: 4)
        defer { withExtendedLifetime(site) {} }  // the served folder
        let out = try TemporaryDirectory()
        let plain = try Tools.run("hls-fetch", [server.url + "/vod/index.m3u8", "--out", out.file("a")])
        #expect(plain.status == 0 && plain.errors.isEmpty, "\(plain.errors)")
        let quiet = try Tools.run("hls-fetch", [server.url + "/vod/index.m3u8", "--out", out.file("b"), "--verbose", "--quiet"])
        #expect(quiet.status == 0 && quiet.errors.isEmpty, "\(quiet.errors)")
    }

    @Test func retriesAndFailuresAreSaidAndErrorsKeepTheirForm() throws {
        let (site, server, entries) = try HLSFetchOutputTests.vod(seconds: 6)
        defer { withExtendedLifetime(site) {} }  // the served folder
        let path = { (index: Int) in "/vod/" + entries[index].uri }
        server.fail(path(1), [.status(503)])
        server.fail(path(2), [.status(404)])
        let out = try TemporaryDirectory()
        let result = try Tools.run("hls-fetch", [server.url + "/vod/index.m3u8", "--out", out.path, "-v"])
        #expect(result.status == 69)
        let lines = result.errors.split(separator: "\n").map(String.init)
        let retry = try #require(lines.first { $0.hasPrefix("hls-fetch: \(server.url)\(path(1)): segment 1: ") && $0.contains("HTTP 503") })
        #expect(retry.contains(": trying again in ") && retry.hasSuffix(" s (attempt 2 of 5)"), "\(retry)")
        #expect(lines.contains { $0.hasPrefix("hls-fetch: \(server.url)\(path(1)): segment 1: ") && $0.hasSuffix(" s") },
                "the second attempt: \(result.errors)")
        let given = try #require(lines.first { $0.hasPrefix("hls-fetch: \(server.url)\(path(2)): segment 2: ") && $0.contains("HTTP 404") })
        #expect(given.hasSuffix(": giving up"), "\(given)")
        // The error itself is as without -v.
        #expect(lines.contains("hls-fetch: \(server.url)\(path(2)) (segment 2): HTTP 404: failing on purpose"), "\(result.errors)")
    }
}
