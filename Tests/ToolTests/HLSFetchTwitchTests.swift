import Foundation
import ReelTestSupport
import Testing

/// `--twitch-vod` and `--twitch-channel` end to end against a local stand-in that answers like
/// Twitch: GQL PlaybackAccessToken, usher master playlists, an EVENT VOD playlist with muted
/// segments, and a live playlist with a stitched ad.
@Suite struct HLSFetchTwitchTests {
    static let oauth = "oauth-secret-0123456789"
    static let signature = "sig-abcdef"

    /// The token `value` Twitch hands out (JSON text, as Twitch sends it).
    static func token(_ what: String) -> String {
        #"{"adblock":false,"authorization":{"forbidden":false},"channel":"\#(what)","expires":1999999999}"#
    }

    /// A stand-in on `server`; segments come from `entries` under /vod.
    static func standIn(_ server: StaticFileServer, entries: [(uri: String, duration: Double)]) {
        server.route("/gql") { request in
            guard request.method == "POST", request.headers["client-id"] == "kimne78kx3ncx6brgo4mv6wki5h1ko",
                  request.headers["authorization"] == "OAuth \(oauth)",
                  let body = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any],
                  body["operationName"] as? String == "PlaybackAccessToken",
                  let hash = ((body["extensions"] as? [String: Any])?["persistedQuery"] as? [String: Any])?["sha256Hash"] as? String,
                  hash == "ed230aa1e33e07eebb8928504583da78a5173989fadfb1ac94be06a04f3cdbe9",
                  let variables = body["variables"] as? [String: Any],
                  variables["playerType"] as? String == "embed", variables["platform"] as? String == "site" else {
                return TestReply(status: 400, text: #"{"error":"Bad Request"}"#)
            }
            let isLive = variables["isLive"] as? Bool == true
            let login = variables["login"] as? String ?? ""
            let vod = variables["vodID"] as? String ?? ""
            let field = isLive ? "streamPlaybackAccessToken" : "videoPlaybackAccessToken"
            let known = isLive ? login == "streamer" : vod == "2001234567"
            let tokenJSON = known ? #"{"value":\#(jsonString(token(isLive ? login : vod))),"signature":"\#(signature)","__typename":"PlaybackAccessToken"}"# : "null"
            return TestReply(text: #"{"data":{"\#(field)":\#(tokenJSON)},"extensions":{"operationName":"PlaybackAccessToken"}}"#,
                             contentType: "application/json")
        }
        let master = { @Sendable (prefix: String) in
            """
            #EXTM3U
            #EXT-X-TWITCH-INFO:NODE="video-edge",SERVING-ID="x"
            #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="chunked",NAME="1080p60",AUTOSELECT=YES,DEFAULT=YES
            #EXT-X-STREAM-INF:BANDWIDTH=8000000,RESOLUTION=1920x1080,CODECS="avc1.64002A,mp4a.40.2",VIDEO="chunked",FRAME-RATE=60.000
            \(prefix)/chunked/index.m3u8
            #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="720p30",NAME="720p",AUTOSELECT=YES,DEFAULT=YES
            #EXT-X-STREAM-INF:BANDWIDTH=2500000,RESOLUTION=1280x720,CODECS="avc1.4D401F,mp4a.40.2",VIDEO="720p30",FRAME-RATE=30.000
            \(prefix)/720p30/index.m3u8
            #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="audio_only",NAME="audio_only",AUTOSELECT=NO,DEFAULT=NO
            #EXT-X-STREAM-INF:BANDWIDTH=160000,CODECS="mp4a.40.2",VIDEO="audio_only"
            \(prefix)/audio_only/index.m3u8

            """
        }
        server.route("/vod/v2/2001234567.m3u8") { request in
            let query = parameters(request.target)
            guard query["nauthsig"] == signature, query["nauth"] == token("2001234567"),
                  query["allow_source"] == "true", query["playlist_include_framerate"] == "true" else {
                return TestReply(status: 403, text: #"[{"error":"No Auth","error_code":"vod_manifest_restricted"}]"#)
            }
            return TestReply(text: master("https-less-cdn/2001234567"), contentType: "application/vnd.apple.mpegurl")
        }
        for variant in ["chunked", "720p30"] {
            server.route("/vod/v2/https-less-cdn/2001234567/\(variant)/index.m3u8") { _ in
                var text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:3\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-MEDIA-SEQUENCE:0\n"
                text += "#EXT-X-TWITCH-ELAPSED-SECS:0.000\n#EXT-X-TWITCH-TOTAL-SECS:\(entries.reduce(0) { $0 + $1.duration })\n"
                for (index, entry) in entries.enumerated() {
                    text += "#EXTINF:\(entry.duration),\n/vod/" + (index == 2 ? entry.uri.replacingOccurrences(of: ".ts", with: "-muted.ts") : entry.uri) + "\n"
                }
                return TestReply(text: text + "#EXT-X-ENDLIST\n")
            }
        }
        server.route("/api/v2/channel/hls/streamer.m3u8") { request in
            let query = parameters(request.target)
            guard query["sig"] == signature, query["token"] == token("streamer") else {
                return TestReply(status: 403, text: #"[{"error":"Unauthorized","error_code":"unauthorized_entitlements"}]"#)
            }
            return TestReply(text: master("live"))
        }
        // Live: a window of 4 moving one segment per reload; segments 3 and 4 are a stitched
        // ad (date range), 6 has an Amazon title; ENDLIST at the end.
        let reloads = Counter()
        let epoch = 1_795_000_000.0
        for variant in ["chunked", "720p30"] {
            server.route("/api/v2/channel/hls/live/\(variant)/index.m3u8") { _ in
                let k = variant == "chunked" ? reloads.next() : entries.count
                let first = min(k, entries.count - 4)
                var text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:\(first)\n"
                let adStart = epoch + 3 * 2
                text += #"#EXT-X-DATERANGE:ID="stitched-ad-1795000006-4",CLASS="twitch-stitched-ad",START-DATE="\#(date(adStart))",DURATION=\#(entries[3].duration + entries[4].duration),X-TV-TWITCH-AD-ROLL-TYPE="MIDROLL""# + "\n"
                for index in first..<(first + 4) {
                    text += "#EXT-X-PROGRAM-DATE-TIME:\(date(epoch + Double(index) * 2))\n"
                    text += "#EXTINF:\(entries[index].duration),\(index == 6 ? "Amazon|123456" : "live")\n/vod/\(entries[index].uri)\n"
                }
                text += "#EXT-X-TWITCH-PREFETCH:/vod/next.ts\n"
                if first == entries.count - 4 { text += "#EXT-X-ENDLIST\n" }
                return TestReply(text: text)
            }
        }
    }

    static func parameters(_ target: String) -> [String: String] {
        let query = target.split(separator: "?", maxSplits: 1).dropFirst().first ?? ""
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            if parts.count == 2 { result[parts[0]] = parts[1] }
        }
        return result
    }

    static func jsonString(_ text: String) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: [text])) ?? Data(), as: UTF8.self).dropFirst().dropLast().description
    }

    static func date(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    func run(_ arguments: [String], server: StaticFileServer) throws -> ProcessResult {
        try Subprocess.run("/usr/bin/env", ["REEL_TWITCH_GQL=\(server.url)/gql", "REEL_TWITCH_USHER=\(server.url)",
                                            "REEL_TWITCH_OAUTH=\(Self.oauth)", Repository.tool("hls-fetch")] + arguments)
    }

    /// A stand-in serving VOD 2001234567: the first `seconds` of the football stream, its third
    /// segment muted.
    static func vodStandIn(seconds: Int) throws -> (site: TemporaryDirectory, server: StaticFileServer,
                                                    entries: [(uri: String, duration: Double)]) {
        let site = try TemporaryDirectory()
        let entries = try HLSFetchTests.entries(try HLSFetchTests.hls(site.file("vod"), seconds: seconds))
        try FileManager.default.copyItem(atPath: site.file("vod/" + entries[2].uri),
                                         toPath: site.file("vod/" + entries[2].uri.replacingOccurrences(of: ".ts", with: "-muted.ts")))
        let server = try StaticFileServer(root: site.path)
        standIn(server, entries: entries)
        return (site, server, entries)
    }

    @Test func downloadsAVODWithMutedSegments() throws {
        let (site, server, entries) = try Self.vodStandIn(seconds: 12)
        _ = site
        let out = try TemporaryDirectory()
        let result = try run(["--twitch-vod", "https://www.twitch.tv/videos/2001234567", "--out", out.path, "--quality", "720p"],
                             server: server)
        #expect(result.status == 0, "\(result.errors)")
        let records = try HLSFetchTests.segments(result)
        #expect(records.map { $0["seq"] as? Int } == Array(0..<entries.count))
        #expect(records.allSatisfy { $0["variant"] as? String == "720p" })
        #expect(records.map { $0["muted"] as? Bool == true } == entries.indices.map { $0 == 2 })
        for (record, entry) in zip(records, entries) {
            #expect(FileManager.default.contents(atPath: record["path"] as? String ?? "") == HLSFetchTests.data(site.file("vod/" + entry.uri)))
        }
        #expect(!(result.output + result.errors).contains(Self.oauth) && !(result.output + result.errors).contains(Self.signature))
        #expect(server.requests(for: "/vod/v2/https-less-cdn/2001234567/720p30/index.m3u8").count == 1)
    }

    @Test func followsALiveChannelAndSkipsStitchedAds() throws {
        let site = try TemporaryDirectory()
        let entries = try HLSFetchTests.entries(try HLSFetchTests.hls(site.file("vod"), seconds: 20))
        let server = try StaticFileServer(root: site.path)
        Self.standIn(server, entries: entries)
        let out = try TemporaryDirectory()
        let result = try run(["--twitch-channel", "Streamer", "--out", out.path, "--live-edge", "4"], server: server)
        #expect(result.status == 0, "\(result.errors)")
        let records = try HLSFetchTests.segments(result)
        try #require(records.map { $0["seq"] as? Int } == Array(0..<entries.count))
        let ads = records.filter { $0["ad"] as? Bool == true }.compactMap { $0["seq"] as? Int }
        #expect(ads == [3, 4, 6])
        for record in records {
            let index = record["seq"] as? Int ?? -1
            #expect(record["variant"] as? String == "1080p60")
            #expect(record["at"] as? String == Self.date(1_795_000_000 + Double(index) * 2))
            if ads.contains(index) {
                #expect(record["path"] == nil && record["bytes"] == nil)
                #expect(server.requests(for: "/vod/" + entries[index].uri).isEmpty, "ads are not fetched")
            } else {
                #expect(FileManager.default.contents(atPath: record["path"] as? String ?? "") == HLSFetchTests.data(site.file("vod/" + entries[index].uri)))
            }
        }
        // After an ad the stream does not continue what came before it.
        #expect(records[5]["discontinuity"] as? Bool == true && records[7]["discontinuity"] as? Bool == true)
        #expect(records[2]["discontinuity"] == nil)
        #expect(!(result.output + result.errors).contains(Self.oauth))
    }

    @Test func reportsAnOfflineChannelAndAMissingQuality() throws {
        let server = try StaticFileServer(root: "/nonexistent")
        Self.standIn(server, entries: [])
        let offline = try run(["--twitch-channel", "nobody_here", "--out", "/tmp/none"], server: server)
        #expect(offline.status == 69)
        #expect(offline.errors.contains("hls-fetch: twitch: channel nobody_here is offline or does not exist"), "\(offline.errors)")
        let list = try run(["--twitch-channel", "streamer", "--list"], server: server)
        #expect(list.status == 0, "\(list.errors)")
        let variants = try jsonLines(list.output)
        #expect(variants.map { $0["name"] as? String } == ["1080p60", "720p", "audio_only"])
        #expect(variants.first?["best"] as? Bool == true)
        #expect(variants.first?["resolution"] as? [Int] == [1920, 1080])
        #expect(!list.output.contains(Self.signature))
        let missing = try run(["--twitch-channel", "streamer", "--quality", "4k", "--out", "/tmp/none"], server: server)
        #expect(missing.status == 65)
        #expect(missing.errors.contains("no variant \"4k\" (there are: 1080p60, 720p, audio_only)"), "\(missing.errors)")
        let bad = try run(["--twitch-channel", "../../etc"], server: server)
        #expect(bad.status == 64)
    }
}
