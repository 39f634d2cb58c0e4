import Foundation
import ReelTestSupport
import Testing

/// The clip bin end to end against a local stand-in for Twitch (Helix games and clips with
/// pagination and rate limits, GQL VideoAccessToken_Clip, signed MP4s): clip-find, clip-bin,
/// hls-fetch --twitch-clip, clip-review in headless Chromium, and compile-clips on the export.
@Suite struct ClipBinTests {
    static let clientID = "app-client-id"
    static let token = "app-token-secret-42"
    static let signature = "clip-sig-77"
    static let game = (id: "511224", name: "Apex Legends")

    /// Twitch, as far as the clip bin sees it; the clips' MP4s are cut from a synthetic stream.
    final class StandIn: @unchecked Sendable {
        let server: StaticFileServer
        let lock = NSLock()
        var clips: [[String: Any]] = []
        var pageSize = 3
        /// Answers to /helix/clips before the normal ones (status, then the reset delay in seconds).
        var scripted: [(status: Int, reset: Double)] = []
        var clipQueries: [[String: String]] = []

        init(site: TemporaryDirectory, video: String) throws {
            try FileManager.default.createDirectory(atPath: site.file("cdn"), withIntermediateDirectories: true)
            let titles = ["Triple kill", "Clutch revive", "Last ring", "Third party", "Final circle", "Same moment again"]
            for (index, title) in titles.enumerated() {
                let id = "Slug\(index)-AbC_\(index)"
                // The last is a second clip of the first one's moment (same VOD, offset 2 s later).
                let offset = index == 5 ? 102 : 100 + 200 * index
                let cut = try Subprocess.run("ffmpeg", ["-v", "error", "-y", "-ss", String(10 + 20 * index), "-t", "4", "-i", video,
                                                        "-c", "copy", "-movflags", "+faststart", site.file("cdn/\(id)-720.mp4")])
                guard cut.status == 0 else { throw TestSetupError("ffmpeg: \(cut.errors)") }
                clips.append(["id": id, "url": "https://clips.twitch.tv/\(id)", "embed_url": "https://clips.twitch.tv/embed?clip=\(id)",
                              "broadcaster_id": "100\(index % 3)", "broadcaster_name": "streamer\(index % 3)",
                              "creator_id": "9", "creator_name": "clipper", "video_id": "2001234567", "game_id": ClipBinTests.game.id,
                              "language": index == 3 ? "de" : "en", "title": title, "view_count": 5000 - 500 * index,
                              "created_at": "2026-11-18T12:0\(index):00Z", "thumbnail_url": "https://clips-media.example/\(id)-preview.jpg",
                              "duration": 4.0, "vod_offset": offset, "is_featured": false])
            }
            server = try StaticFileServer(root: site.path)
            let this = self
            server.route("/helix/games") { request in this.games(request) }
            server.route("/helix/clips") { request in this.clipPage(request) }
            server.route("/gql") { request in this.gql(request) }
        }

        var base: String { server.url }
        var environment: [String: String] {
            ["REEL_TWITCH_HELIX": base + "/helix", "REEL_TWITCH_HELIX_CLIENT_ID": ClipBinTests.clientID,
             "REEL_TWITCH_HELIX_TOKEN": ClipBinTests.token, "REEL_TWITCH_GQL": base + "/gql"]
        }

        func authorized(_ request: TestRequest) -> Bool {
            request.headers["client-id"] == ClipBinTests.clientID && request.headers["authorization"] == "Bearer \(ClipBinTests.token)"
        }

        static func json(_ object: Any, status: Int = 200, headers: [(String, String)] = []) -> TestReply {
            TestReply(status: status, headers: [("Content-Type", "application/json")] + headers,
                      body: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
        }

        func games(_ request: TestRequest) -> TestReply {
            guard authorized(request) else { return Self.json(["error": "Unauthorized", "status": 401], status: 401) }
            let query = HLSFetchTwitchTests.parameters(request.target)
            let known = query["name"] == ClipBinTests.game.name || query["id"] == ClipBinTests.game.id
            return Self.json(["data": known ? [["id": ClipBinTests.game.id, "name": ClipBinTests.game.name, "box_art_url": ""]] : []])
        }

        func clipPage(_ request: TestRequest) -> TestReply {
            guard authorized(request) else { return Self.json(["error": "Unauthorized", "status": 401], status: 401) }
            let query = HLSFetchTwitchTests.parameters(request.target)
            let reset = Int(Date().timeIntervalSince1970.rounded(.up))
            return lock.withLock {
                clipQueries.append(query)
                if !scripted.isEmpty {
                    let next = scripted.removeFirst()
                    let resetAt = String(Int(Date().timeIntervalSince1970 + next.reset))
                    return Self.json(["error": "scripted", "status": next.status], status: next.status,
                                     headers: [("Ratelimit-Limit", "800"), ("Ratelimit-Remaining", "0"), ("Ratelimit-Reset", resetAt)])
                }
                guard query["game_id"] == ClipBinTests.game.id else { return Self.json(["data": [], "pagination": [:]]) }
                let start = Int(query["after"].flatMap { $0.split(separator: "-").last.map(String.init) } ?? "0") ?? 0
                let first = min(Int(query["first"] ?? "20") ?? 20, pageSize)
                let page = Array(clips.dropFirst(start).prefix(first))
                let next = start + page.count
                let pagination: [String: Any] = next < clips.count ? ["cursor": "cursor-\(next)"] : [:]
                return Self.json(["data": page, "pagination": pagination],
                                 headers: [("Ratelimit-Limit", "800"), ("Ratelimit-Remaining", "799"), ("Ratelimit-Reset", String(reset))])
            }
        }

        func gql(_ request: TestRequest) -> TestReply {
            guard request.headers["client-id"] == "kimne78kx3ncx6brgo4mv6wki5h1ko",
                  let body = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any],
                  body["operationName"] as? String == "VideoAccessToken_Clip",
                  ((body["extensions"] as? [String: Any])?["persistedQuery"] as? [String: Any])?["sha256Hash"] as? String
                    == "36b89d2507fce29e5ca551df756d27c1cfe079e2609642b4390aa4c35796eb11",
                  let slug = (body["variables"] as? [String: Any])?["slug"] as? String else {
                return Self.json(["errors": [["message": "bad request"]]], status: 400)
            }
            guard clips.contains(where: { $0["id"] as? String == slug }) else { return Self.json(["data": ["clip": NSNull()]]) }
            let value = #"{"clip_uri":"","clip_slug":"\#(slug)","expires":1999999999}"#
            return Self.json(["data": ["clip": [
                "id": "1", "playbackAccessToken": ["signature": ClipBinTests.signature, "value": value, "__typename": "PlaybackAccessToken"],
                "videoQualities": [
                    ["frameRate": 30, "quality": "360", "sourceURL": base + "/cdn/\(slug)-360.mp4"],
                    ["frameRate": 30, "quality": "720", "sourceURL": base + "/cdn/\(slug)-720.mp4"],
                ],
            ]]])
        }

        func signedDownloads(of slug: String) -> [TestRequest] {
            server.requests(for: "/cdn/\(slug)-720.mp4").filter {
                let query = HLSFetchTwitchTests.parameters($0.target)
                return query["sig"] == ClipBinTests.signature && (query["token"] ?? "").contains("\"clip_slug\":\"\(slug)\"")
            }
        }
    }

    static func run(_ tool: String, _ arguments: [String], stdin: String? = nil, _ standIn: StandIn) throws -> ProcessResult {
        try Subprocess.run(Repository.tool(tool), arguments, input: stdin.map { Data($0.utf8) }, environment: standIn.environment,
                           timeout: 120)
    }

    static func standIn() throws -> (StandIn, TemporaryDirectory) {
        let stream = try SyntheticStreams.make("football", duration: 180, seed: 1)
        let site = try TemporaryDirectory()
        return (try StandIn(site: site, video: stream.video), site)
    }

    @Test func findsTheTopClipsOfAGameForAWeekPageByPageWithinTheRateLimit() throws {
        let (twitch, site) = try Self.standIn()
        _ = site
        twitch.scripted = [(429, 2)]  // the first page waits for the reset (1 to 2 s), then comes
        let started = Date()
        let found = try Self.run("clip-find", ["--game", "Apex Legends", "--period", "week", "--limit", "5"], twitch)
        #expect(found.status == 0, "\(found.errors)")
        let records = try jsonLines(found.output)
        #expect(records.map { $0["id"] as? String } == twitch.clips.prefix(5).map { $0["id"] as? String })
        #expect(records.allSatisfy { $0["type"] as? String == "clip" && $0["game"] as? String == "Apex Legends" })
        #expect(records.first?["channel"] as? String == "streamer0")
        #expect(records.first?["views"] as? Int == 5000)
        #expect(records.first?["vod_offset"] as? Int == 100)
        #expect(Date().timeIntervalSince(started) >= 0.5, "waited for the rate limit's reset")
        // The week: started_at 7 days before ended_at; pages of 3 (the stand-in's), then the rest.
        let queries = twitch.clipQueries.dropFirst()  // after the 429
        let window = try #require(queries.first)
        let startedAt = try #require(ISO8601DateFormatter.withFractions.date(from: window["started_at"] ?? ""))
        let endedAt = try #require(ISO8601DateFormatter.withFractions.date(from: window["ended_at"] ?? ""))
        #expect(abs(endedAt.timeIntervalSince(startedAt) - 7 * 86_400) < 1)
        #expect(abs(endedAt.timeIntervalSinceNow) < 60)
        #expect(queries.map { $0["after"] } == [nil, "cursor-3"])
        #expect(!found.output.contains(Self.token) && !found.errors.contains(Self.token))

        // A language filter and a game by id; an unknown game is an error.
        let german = try Self.run("clip-find", ["--game", Self.game.id, "--language", "de"], twitch)
        #expect(try jsonLines(german.output).map { $0["title"] as? String } == ["Third party"])
        let unknown = try Self.run("clip-find", ["--game", "No Such Game"], twitch)
        #expect(unknown.status == 66)
        #expect(unknown.errors.contains("clip-find: No Such Game: no such game on Twitch"))
        var bare = twitch.environment
        bare["REEL_TWITCH_HELIX_TOKEN"] = ""
        let noToken = try Subprocess.run(Repository.tool("clip-find"), ["--game", "x"], environment: bare)
        #expect(noToken.status == 64)
    }

    @Test func resumesPagingWhereAnInterruptedRunStopped() throws {
        let (twitch, site) = try Self.standIn()
        twitch.pageSize = 2
        let state = site.file("paging.json")
        // The second request of the first run is refused: the run stops after page 1.
        final class Count: @unchecked Sendable { var n = 0 }
        let count = Count()
        twitch.server.route("/helix/clips") { request in
            count.n += 1
            return count.n == 2 ? StandIn.json(["error": "Forbidden", "status": 403], status: 403) : twitch.clipPage(request)
        }
        let stopped = try Self.run("clip-find", ["--game", "Apex Legends", "--state", state], twitch)
        #expect(stopped.status == 69)
        #expect(stopped.errors.contains("HTTP 403"))
        #expect(try jsonLines(stopped.output).count == 2)
        #expect(FileManager.default.fileExists(atPath: state))
        let resumed = try Self.run("clip-find", ["--game", "Apex Legends", "--state", state], twitch)
        #expect(resumed.status == 0, "\(resumed.errors)")
        let ids = try jsonLines(stopped.output + resumed.output).map { $0["id"] as? String }
        #expect(ids == twitch.clips.map { $0["id"] as? String })
        // The resumed run went on from the cursor, in the first run's time window.
        let queries = twitch.clipQueries
        #expect(queries.count == 3)
        #expect(queries[1]["after"] == "cursor-2" && queries[2]["after"] == "cursor-4")
        #expect(queries[1]["started_at"] == queries[0]["started_at"] && queries[1]["ended_at"] == queries[0]["ended_at"])
        #expect(!FileManager.default.fileExists(atPath: state), "removed once paging ended")
    }

    @Test func collectsReviewsAndCompilesAWeeksTopClips() throws {
        let (twitch, site) = try Self.standIn()
        let bin = site.file("bin")
        // Find, add (one is a second clip of the same moment), download.
        let found = try Self.run("clip-find", ["--game", "Apex Legends", "--period", "week"], twitch)
        #expect(found.status == 0, "\(found.errors)")
        let added = try Self.run("clip-bin", ["add", bin], stdin: found.output, twitch)
        #expect(added.status == 0, "\(added.errors)")
        let statuses = try jsonLines(added.output).map { $0["bin_status"] as? String }
        #expect(statuses == ["added", "added", "added", "added", "added", "duplicate"])
        #expect(try jsonLines(added.output).last?["duplicate_of"] as? String == twitch.clips[0]["id"] as? String)
        let again = try Self.run("clip-bin", ["add", bin], stdin: found.output, twitch)
        #expect(try jsonLines(again.output).map { $0["bin_status"] as? String } == ["known", "known", "known", "known", "known", "duplicate"])

        let downloaded = try Self.run("clip-bin", ["download", bin], twitch)
        #expect(downloaded.status == 0, "\(downloaded.errors)")
        let files = try jsonLines(downloaded.output)
        #expect(files.count == 5)
        for record in files {
            let id = try #require(record["id"] as? String)
            #expect(record["status"] as? String == "downloaded")
            let path = try #require(record["path"] as? String)
            #expect(FileManager.default.contents(atPath: path) == FileManager.default.contents(atPath: site.file("cdn/\(id)-720.mp4")))
            #expect(twitch.signedDownloads(of: id).count == 1, "the best rendition, signed")
        }
        #expect(!downloaded.output.contains(Self.signature) && !downloaded.errors.contains(Self.signature))

        // One file goes; check marks it missing.
        let gone = try #require(files[1]["path"] as? String)
        try FileManager.default.removeItem(atPath: gone)
        let checked = try Self.run("clip-bin", ["check", bin], twitch)
        #expect(try jsonLines(checked.output).map { $0["id"] as? String } == [files[1]["id"] as? String])
        let status = try Self.run("clip-bin", ["status", bin], twitch)
        #expect(try jsonLines(status.output).map { $0["status"] as? String } == ["downloaded", "missing", "downloaded", "downloaded", "downloaded"])
        #expect(status.errors.contains("0 found, 4 downloaded, 0 used, 1 missing"))

        // Review in the page, driven in headless Chromium: keep, skip, keep trimmed and quieter, keep.
        let page = site.file("review.html")
        let review = try Self.run("clip-review", [bin, page], twitch)
        #expect(review.status == 0, "\(review.errors)")
        let exported = try Self.reviewInChromium(page: page, site: site, script: """
            press("y");                                  // clip 0 kept
            press("n");                                  // clip 1 (was clip 2) skipped
            setValue("trim-start", "1.5"); setValue("volume", "0.5");
            click("keep");                               // clip 2 kept, trimmed, quieter
            press("ArrowUp"); press("ArrowDown");        // back and forth
            press("y");                                  // clip 3 kept
            click("export");
            """)
        let edits = try jsonLines(exported.text)
        try #require(edits.count == 4, "\(exported.dom.suffix(2000))")
        #expect(exported.log.contains("playable 1280x720"), "\(exported.log)")
        #expect(edits.map { $0["keep"] as? Bool } == [true, false, true, true])
        #expect(edits[2]["trim_start"] as? Double == 1.5)
        #expect(edits[2]["volume"] as? Double == 0.5)
        #expect(edits.map { $0["id"] as? String } == [0, 2, 3, 4].map { twitch.clips[$0]["id"] as? String })

        // Compile the kept ones with intro, outro, interval and credits; mark them used.
        try exported.text.write(toFile: site.file("edits.ndjson"), atomically: true, encoding: .utf8)
        let card = site.file("card.png")
        _ = try Subprocess.run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "color=c=0x203040:s=1280x720", "-frames:v", "1", card])
        let compiled = try Tools.run("compile-clips", [site.file("edits.ndjson"), "-o", site.file("week.mp4"), "--intro", card, "--outro", card,
                                                       "--interval", card, "--card-duration", "1", "--credits", site.file("credits.txt"),
                                                       "--quiet"])
        #expect(compiled.status == 0, "\(compiled.errors)\n\(exported.text)")
        let compilation = try #require(try jsonLines(compiled.output).first { $0["type"] as? String == "compilation" })
        #expect((compilation["clips"] as? [String])?.count == 3)
        let lengths = try edits.filter { $0["keep"] as? Bool == true }.map { try Self.duration($0["path"] as? String ?? "") }
        let expected = 4 + lengths.reduce(0, +) - 1.5  // intro, two intervals, outro of 1 s; 1.5 s cut
        #expect(abs(try Self.duration(site.file("week.mp4")) - expected) < 0.3)
        let credits = try String(contentsOfFile: site.file("credits.txt"), encoding: .utf8)
        #expect(credits.contains("streamer0") && credits.contains("https://clips.twitch.tv/\(twitch.clips[0]["id"] as? String ?? "")"))
        let used = try Self.run("clip-bin", ["mark-used", bin], stdin: exported.text.split(separator: "\n")
            .filter { $0.contains("\"keep\":true") }.joined(separator: "\n") + "\n", twitch)
        #expect(used.status == 0, "\(used.errors)")
        let after = try jsonLines(try Self.run("clip-bin", ["status", bin, "--status", "used"], twitch).output)
        #expect(after.map { $0["id"] as? String } == [0, 3, 4].map { twitch.clips[$0]["id"] as? String })
    }

    @Test func concurrentAddsLoseNothing() throws {
        let work = try TemporaryDirectory()
        let bin = work.file("bin")
        let batches = (0..<4).map { batch in
            (0..<25).map { #"{"type":"clip","id":"c\#(batch)-\#($0)","title":"clip \#($0)"}"# }.joined(separator: "\n") + "\n"
        }
        let group = DispatchGroup()
        final class Results: @unchecked Sendable { var statuses: [Int32] = []; let lock = NSLock() }
        let results = Results()
        for batch in batches {
            group.enter()
            DispatchQueue.global().async {
                let status = (try? Tools.run("clip-bin", ["add", bin, "--quiet"], input: batch))?.status ?? -1
                results.lock.withLock { results.statuses.append(status) }
                group.leave()
            }
        }
        group.wait()
        #expect(results.statuses == [0, 0, 0, 0])
        let ledger = try jsonLines(try String(contentsOfFile: bin + "/bin.ndjson", encoding: .utf8))
        #expect(Set(ledger.compactMap { $0["id"] as? String }).count == 100)
        #expect(ledger.count == 100)
        #expect(ledger.allSatisfy { $0["status"] as? String == "found" })
        // A ledger line that is not a record is never rewritten away.
        try (String(contentsOfFile: bin + "/bin.ndjson", encoding: .utf8) + "not json\n").write(toFile: bin + "/bin.ndjson", atomically: true, encoding: .utf8)
        let refused = try Tools.run("clip-bin", ["add", bin], input: #"{"type":"clip","id":"new"}"# + "\n")
        #expect(refused.status == 65)
        #expect(refused.errors.contains("bin.ndjson:101: not a clip record"))
        #expect(try String(contentsOfFile: bin + "/bin.ndjson", encoding: .utf8).hasSuffix("not json\n"))
    }

    @Test func hlsFetchDownloadsOneClip() throws {
        let (twitch, site) = try Self.standIn()
        let out = site.file("one")
        let id = try #require(twitch.clips[2]["id"] as? String)
        let result = try Self.run("hls-fetch", ["--twitch-clip", "https://www.twitch.tv/streamer2/clip/\(id)?filter=clips", "--out", out], twitch)
        #expect(result.status == 0, "\(result.errors)")
        let record = try #require(try jsonLines(result.output).first)
        #expect(record["type"] as? String == "clip" && record["id"] as? String == id && record["quality"] as? String == "720")
        let path = try #require(record["path"] as? String)
        #expect(FileManager.default.contents(atPath: path) == FileManager.default.contents(atPath: site.file("cdn/\(id)-720.mp4")))
        #expect(!result.output.contains(Self.signature))
        let low = try Self.run("hls-fetch", ["--twitch-clip", id, "--quality", "480", "--out", out], twitch)
        #expect(low.status == 69)
        #expect(low.errors.contains("no rendition 480 (there are 720, 360)"))
        let missing = try Self.run("hls-fetch", ["--twitch-clip", "NoSuchClip", "--out", out], twitch)
        #expect(missing.status == 69)
        #expect(missing.errors.contains("clip NoSuchClip does not exist"))
    }

    // MARK: helpers

    static func duration(_ path: String) throws -> Double {
        try Media.streams(of: path).filter { $0.kind == "video" }.map(\.duration).max() ?? 0
    }

    /// Loads `page` in headless Chromium with `script` run after the page's own (helpers: press,
    /// click, setValue) and returns the exported text, a log (whether the first video plays)
    /// and the DOM. The browser's data (the page's stored edits) is kept in `profile` when
    /// given, from one call to the next.
    static func reviewInChromium(page: String, site: TemporaryDirectory, profile: TemporaryDirectory? = nil,
                                 script: String) throws -> (text: String, log: String, dom: String) {
        let html = try String(contentsOfFile: page, encoding: .utf8)
        let driver = """
            <pre id="test-log"></pre>
            <script>
            const note = (text) => { document.getElementById("test-log").textContent += text + "\\n"; };
            const press = (key) => document.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
            const click = (id) => document.getElementById(id).click();
            const setValue = (id, value) => {
              const input = document.getElementById(id);
              input.value = value;
              input.dispatchEvent(new Event("input", { bubbles: true }));
            };
            const video = document.getElementById("player");
            const run = () => {
              note(video.readyState >= 1 && video.videoWidth > 0 ? `playable ${video.videoWidth}x${video.videoHeight}` : `not playable (${video.error && video.error.code})`);
              \(script)
              note("done");
            };
            if (video.readyState >= 1) run();
            else { video.addEventListener("loadedmetadata", run, { once: true }); video.addEventListener("error", run, { once: true }); }
            </script>
            </body>
            """
        let driven = site.file("review-driven.html")
        try html.replacingOccurrences(of: "</body>", with: driver).write(toFile: driven, atomically: true, encoding: .utf8)
        let profile = try profile ?? TemporaryDirectory()
        let chromium = try Subprocess.run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
                                                       "--user-data-dir=\(profile.path)", "--virtual-time-budget=10000", "--autoplay-policy=no-user-gesture-required", "--dump-dom",
                                                       URL(fileURLWithPath: driven).absoluteString], timeout: 60)
        // Headless Chromium sometimes hangs on its way out after dumping the DOM (seen with
        // Chromium 156 on Debian 12, with or without reel's changes): a dump that is complete
        // counts.
        let dumped = chromium.output.contains("<pre id=\"test-log\">") && chromium.output.contains("</html>")
        guard chromium.status == 0 || dumped else { throw TestSetupError("chromium: \(chromium.errors.suffix(1000))") }
        let dom = chromium.output
        func element(_ id: String) -> String {
            guard let start = dom.range(of: "<pre id=\"\(id)\">"),
                  let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else { return "" }
            return String(dom[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        }
        return (element("export-text"), element("test-log"), dom)
    }
}

extension ISO8601DateFormatter {
    static var withFractions: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
