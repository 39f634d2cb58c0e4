import Foundation
import ReelTestSupport
import Testing

/// The pipeline scripts (br-best-match, football-goals, compilation) and scripts/batch.mk, end to
/// end over the built tools: files, HLS VODs and a live stream on a real HTTP server on
/// 127.0.0.1, hooks that record what arrives and when.
@Suite struct PipelineTests {
    static var bin: String { URL(fileURLWithPath: Repository.tool("event-detect")).deletingLastPathComponent().path }
    static var environment: [String: String] { ["REEL_BIN": bin] }

    static func run(_ script: String, _ arguments: [String], directory: String? = nil, with extra: [String: String] = [:],
                    timeout: Double = 300) throws -> ProcessResult {
        try Subprocess.run(Repository.script(script), arguments, environment: environment.merging(extra) { $1 },
                           directory: directory, timeout: timeout)
    }

    static func duration(_ path: String) throws -> Double {
        try Media.streams(of: path).filter { $0.kind == "video" }.map(\.duration).max() ?? 0
    }

    /// The records of an NDJSON file.
    static func records(_ path: String) throws -> [[String: Any]] {
        try jsonLines(try String(contentsOfFile: path, encoding: .utf8))
    }

    /// Requests to a hook with the time each arrived and whether the live playlist had ended then.
    final class Arrivals: @unchecked Sendable {
        let lock = NSLock()
        var list: [(at: Date, request: TestRequest, streamEnded: Bool)] = []

        func add(_ request: TestRequest, streamEnded: Bool) {
            lock.withLock { list.append((Date(), request, streamEnded)) }
        }

        func of(_ path: String) -> [(at: Date, request: TestRequest, streamEnded: Bool)] {
            lock.withLock { list.filter { $0.request.path == path } }
        }
    }

    // MARK: football-goals

    @Test func footballGoalsPostsAGoalsClipWhileTheLiveStreamStillRuns() throws {
        let stream = try SyntheticStreams.make("football", duration: 180, seed: 1)
        let goal = try #require(stream.truth("goal").first)
        let moment = try #require(goal["t"]?.doubleValue)  // 28.5 s; its replay ends at 40.1 s
        let site = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: site.file("live"), withIntermediateDirectories: true)
        let server = try StaticFileServer(root: site.path)
        let arrivals = Arrivals()
        let playlist = site.file("live/index.m3u8")
        for hook in ["/hooks/chat", "/hooks/store"] {
            server.route(hook) { request in
                let ended = (try? String(contentsOfFile: playlist, encoding: .utf8))?.contains("#EXT-X-ENDLIST") ?? true
                arrivals.add(request, streamEnded: ended)
                return TestReply(status: 200, headers: [("Content-Type", "application/json")],
                                 body: Data(#"{"url":"https://video.example/goal"}"#.utf8))
            }
        }
        // A live encoder: the stream's first 56 s, written in real time, a window of 6 segments.
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: try Subprocess.which("ffmpeg"))
        ffmpeg.arguments = ["-v", "error", "-re", "-i", stream.video, "-t", "56", "-c", "copy", "-f", "hls",
                            "-hls_time", "2", "-hls_list_size", "6", "-hls_flags", "delete_segments",
                            "-hls_segment_filename", site.file("live/s%03d.ts"), playlist]
        let started = Date()
        try ffmpeg.run()
        defer { ffmpeg.terminate() }
        while !FileManager.default.fileExists(atPath: playlist) && Date().timeIntervalSince(started) < 20 {
            Thread.sleep(forTimeInterval: 0.1)
        }
        let out = try TemporaryDirectory()
        let result = try Self.run("football-goals", ["--from-start", server.url + "/live/index.m3u8", out.path,
                                                     "--webhook", "chat=" + server.url + "/hooks/chat",
                                                     "--upload", "store=" + server.url + "/hooks/store"], timeout: 120)
        #expect(result.status == 0, "\(result.errors)")
        let records = try jsonLines(result.output)

        // The goal, its clip holding [G - 15, G + 2], both posts delivered.
        let goals = records.filter { $0["kind"] as? String == "goal" }
        try #require(goals.count == 1, "\(result.output)")
        let found = try #require(goals[0]["t"] as? Double)
        #expect(abs(found - moment) <= 3)
        #expect(goals[0]["team"] as? String == "away")
        #expect(goals[0]["score"] as? [Int] == [0, 1])
        let clip = try #require(records.first { $0["type"] as? String == "clip" })
        let path = try #require(clip["path"] as? String)
        let start = try #require(clip["start"] as? Double), end = try #require(clip["end"] as? Double)
        #expect(start <= moment - 15 && end >= moment + 2, "\(start)-\(end)")
        #expect(abs(try Self.duration(path) - (end - start)) < 0.2)
        let posts = records.filter { $0["type"] as? String == "post" }
        #expect(Set(posts.compactMap { $0["hook"] as? String }) == ["chat", "store"])
        #expect(posts.allSatisfy { $0["status"] as? String == "delivered" }, "\(posts)")

        // It reached the hooks while the stream was still being written, soon after the goal.
        let chat = arrivals.of("/hooks/chat")
        try #require(chat.count == 1)
        #expect(!chat[0].streamEnded)
        let delay = chat[0].at.timeIntervalSince(started) - moment
        #expect(delay > 0 && delay < 30, "delay \(delay) s")
        let body = try #require(try JSONSerialization.jsonObject(with: chat[0].request.body) as? [String: Any])
        #expect(body["path"] as? String == path)
        let upload = try #require(arrivals.of("/hooks/store").first)
        #expect(HookPostTests.part("file", of: upload.request) == FileManager.default.contents(atPath: path))

        // The run's records are kept by kind.
        #expect(try Self.records(out.file("events.ndjson")).filter { $0["kind"] as? String == "goal" }.count == 1)
        #expect(try Self.records(out.file("clips.ndjson")).count == 1)
        #expect(try Self.records(out.file("posts.ndjson")).count == 2)
        #expect(try Self.records(out.file("segments.ndjson")).count >= 27)
        #expect(result.errors.contains("football-goals: 1 goal(s), 1 clip(s), 2 of 2 post(s) delivered"))
    }

    @Test func footballGoalsReadsATwitchVOD() throws {
        let (site, server, _) = try HLSFetchTwitchTests.vodStandIn(seconds: 60)
        _ = site
        let out = try TemporaryDirectory()
        let result = try Self.run("football-goals", ["--quality", "720p", "twitch-vod:2001234567", out.path],
                                  with: ["REEL_TWITCH_GQL": server.url + "/gql", "REEL_TWITCH_USHER": server.url,
                                         "REEL_TWITCH_OAUTH": HLSFetchTwitchTests.oauth])
        #expect(result.status == 0, "\(result.errors)")
        let records = try jsonLines(result.output)
        let goals = records.filter { $0["kind"] as? String == "goal" }
        try #require(goals.count == 1, "\(result.output)")
        #expect(abs((goals[0]["t"] as? Double ?? 0) - 28.5) <= 3)
        #expect(records.filter { $0["type"] as? String == "clip" }.count == 1)
        #expect(try Self.records(out.file("segments.ndjson")).allSatisfy { $0["variant"] as? String == "720p" })
        #expect(!result.output.contains(HLSFetchTwitchTests.oauth) && !result.errors.contains(HLSFetchTwitchTests.oauth))
    }

    // MARK: br-best-match

    @Test func brBestMatchPicksTheMatchWithTheMostKillsOfAnHLSVOD() throws {
        // Two streams one after the other in one VOD playlist, a discontinuity between them.
        let first = try SyntheticStreams.make("br", duration: 240, seed: 2)    // kills 2, placed #17
        let second = try SyntheticStreams.make("br", duration: 210, seed: 12)  // kills 6, placed #1
        let site = try TemporaryDirectory()
        var lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:3", "#EXT-X-MEDIA-SEQUENCE:0",
                     "#EXT-X-PLAYLIST-TYPE:VOD"]
        var offset = 0.0
        for (index, stream) in [first, second].enumerated() {
            let folder = site.file("part\(index)")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let segments = try Media.segments(of: stream.video, seconds: 2, in: folder)
            if index > 0 { lines.append("#EXT-X-DISCONTINUITY") }
            for segment in segments {
                let duration = segment["duration"] as? Double ?? 0
                lines += [String(format: "#EXTINF:%.6f,", duration),
                          "part\(index)/" + URL(fileURLWithPath: segment["path"] as? String ?? "").lastPathComponent]
                if index == 0 { offset += duration }
            }
        }
        lines.append("#EXT-X-ENDLIST")
        try (lines.joined(separator: "\n") + "\n").write(toFile: site.file("vod.m3u8"), atomically: true, encoding: .utf8)
        let server = try StaticFileServer(root: site.path)
        let out = try TemporaryDirectory()
        let result = try Self.run("br-best-match", [server.url + "/vod.m3u8", out.path])
        #expect(result.status == 0, "\(result.errors)")

        // stdout: the match events, in order; the truth of both streams, on one clock.
        let matches = try jsonLines(result.output)
        #expect(matches.allSatisfy { $0["kind"] as? String == "match" })
        typealias Game = (start: Double, end: Double, kills: Int?, placement: Int?)
        var truth: [Game] = []
        for (index, stream) in [first, second].enumerated() {
            let shift = index == 0 ? 0 : offset
            for game in stream.truth("game") {
                guard let start = game["start"]?.doubleValue, let end = game["end"]?.doubleValue else { continue }
                truth.append((start + shift, end + shift, game["kills"]?.intValue, game["placement"]?.intValue))
            }
        }
        let complete = matches.filter { $0["partial"] == nil }
        try #require(complete.count == truth.count, "\(result.output)")
        for (match, game) in zip(complete, truth) {
            #expect(abs((match["start"] as? Double ?? 0) - game.start) <= 3)
            #expect(abs((match["end"] as? Double ?? 0) - game.end) <= 3)
            #expect(match["kills"] as? Int == game.kills)
            #expect(match["placement"] as? Int == game.placement)
        }

        // The best: 6 kills, champions; best.mp4 is its clip.
        let best = try #require(try Self.records(out.file("best.json")).first)
        let event = try #require(best["event"] as? [String: Any])
        #expect(event["kills"] as? Int == 6)
        #expect(event["placement"] as? Int == 1)
        let cut = try #require(best["cut_as"] as? String)
        #expect(FileManager.default.contents(atPath: out.file("best.mp4")) == FileManager.default.contents(atPath: cut))
        let start = try #require(best["start"] as? Double), end = try #require(best["end"] as? Double)
        #expect(start <= (event["start"] as? Double ?? 0) && end >= (event["end"] as? Double ?? 0))
        #expect(abs(try Self.duration(out.file("best.mp4")) - (end - start)) < 0.2)
        #expect(result.errors.contains("br-best-match: best: match"))
        #expect(try Self.records(out.file("clips.ndjson")).count == matches.count)
    }

    @Test func brBestMatchReadsAFileAndSaysWhatIsWrongWithItsArguments() throws {
        let stream = try SyntheticStreams.make("br", duration: 240, seed: 2)
        let game = try #require(stream.truth("game").first)
        let out = try TemporaryDirectory()
        let result = try Self.run("br-best-match", [stream.video, out.path])
        #expect(result.status == 0, "\(result.errors)")
        let matches = try jsonLines(result.output)
        try #require(matches.count == 1)
        #expect(matches[0]["kills"] as? Int == game["kills"]?.intValue)
        #expect(matches[0]["placement"] as? Int == game["placement"]?.intValue)
        #expect(FileManager.default.fileExists(atPath: out.file("best.mp4")))

        let missing = try Self.run("br-best-match", ["/nonexistent/vod.ts", out.file("x")])
        #expect(missing.status == 66)
        #expect(missing.errors.contains("br-best-match: /nonexistent/vod.ts: no such file"))
        let scheme = try Self.run("br-best-match", ["ftp://host/vod.m3u8", out.file("x")])
        #expect(scheme.status == 64)
        let usage = try Self.run("br-best-match", ["--help"])
        #expect(usage.status == 0 && usage.output.contains("SOURCE OUTDIR"))
        #expect(try Self.run("br-best-match", ["--bogus", "a", "b"]).status == 64)
    }

    // MARK: compilation

    @Test func compilationJoinsEditedClipRecordsWithCardsAndCredits() throws {
        let stream = try SyntheticStreams.make("football", duration: 180, seed: 1)
        let work = try TemporaryDirectory()
        let events = [10.0, 60.0, 120.0].map { #"{"type":"event","kind":"goal","t":\#($0),"clip":{"start":\#($0 - 4),"end":\#($0 + 2)}}"# }
        let cut = try Tools.run("clip-cut", ["--source", stream.video, "--accurate", "--out", work.file("clips"), "--quiet"],
                                input: events.joined(separator: "\n") + "\n")
        #expect(cut.status == 0, "\(cut.errors)")
        var clips = try jsonLines(cut.output).filter { $0["type"] as? String == "clip" }
        try #require(clips.count == 3)
        // Edited as by jq: the first credited and trimmed, the second left out, the third quieter.
        clips[0]["channel"] = "alice"
        clips[0]["url"] = "https://clips.example/1"
        clips[0]["trim_end"] = 2.0
        clips[1]["keep"] = false
        clips[2]["volume"] = 0.5
        let edited = try clips.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        try (edited.joined(separator: "\n") + "\n").write(toFile: work.file("edited.ndjson"), atomically: true, encoding: .utf8)

        let result = try Self.run("compilation", ["--title", "Goals", work.file("edited.ndjson"), work.file("goals.mp4"),
                                                  "--card-duration", "1"])
        #expect(result.status == 0, "\(result.errors)")
        let record = try #require(try jsonLines(result.output).first)
        #expect(record["type"] as? String == "compilation")
        #expect(record["clips"] as? [String] == [clips[0]["path"] as? String ?? "", clips[2]["path"] as? String ?? ""])
        // intro 1 + (6 - 2) + interval 1 + 6 + outro 1
        let lengths = try [0, 2].map { try Self.duration(clips[$0]["path"] as? String ?? "") }
        #expect(abs(try Self.duration(work.file("goals.mp4")) - (3 + lengths[0] - 2 + lengths[1])) < 0.25)
        let credits = try String(contentsOfFile: work.file("goals.credits.txt"), encoding: .utf8)
        #expect(credits.contains("alice"))
        #expect(credits.contains("https://clips.example/1"))
        #expect(record["credits"] as? String == work.file("goals.credits.txt"))

        // The title card: the dark background, white text in the middle.
        let frame = try Media.frames(of: work.file("goals.mp4"), at: [10], crop: [0, 0, 1280, 720])
        let pixels = try #require(frame[10])
        let corner = Int(pixels[1280 * 20 + 20])
        #expect(corner < 40, "corner luma \(corner)")
        let middle = pixels[(1280 * 360)..<(1280 * 361)]
        #expect(middle.contains { $0 > 200 }, "no text on the title card")
    }

    // MARK: batch.mk

    @Test func batchKeepsEachStageAndRedoesOnlyWhatChangedOrFailed() throws {
        let stream = try SyntheticStreams.make("football", duration: 180, seed: 1)
        let work = try TemporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: work.file("match.ts"), withDestinationPath: stream.video)
        try FileManager.default.createDirectory(atPath: work.file("site/vod"), withIntermediateDirectories: true)
        _ = try Media.segments(of: stream.video, seconds: 2, in: work.file("site/vod"))
        let server = try StaticFileServer(root: work.file("site"))
        server.fail("/vod/seg00030.ts", [.status(404)])
        let url = server.url + "/vod/index.m3u8"
        let remote = "127.0.0.1-" + (url.split(separator: ":").last?.split(separator: "/").first.map(String.init) ?? "") + "-vod-index.m3u8"
        func make(_ extra: [String] = []) throws -> ProcessResult {
            try Subprocess.run("make", ["-f", Repository.root.appendingPathComponent("scripts/batch.mk").path, "-k", "-j2",
                                        "SOURCES=match.ts \(url)", "PROFILE=football", "OUT=out", "REEL_BIN=\(Self.bin)"] + extra,
                               directory: work.path, timeout: 300)
        }
        let stages = ["frames", "readings", "events", "clips"]
        func dates(_ folder: String) -> [String: Date] {
            var result: [String: Date] = [:]
            for stage in stages + ["segments"] {
                let path = work.file("out/\(folder)/\(stage).ndjson")
                result[stage] = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
            }
            return result
        }

        // First run: the file's folder is done; the URL's download lost a segment and stops there.
        let first = try make()
        #expect(first.status != 0)
        let file = try Self.records(work.file("out/match/events.ndjson")).filter { $0["kind"] as? String == "goal" }
        #expect(file.map { $0["score"] as? [Int] ?? [] } == [[0, 1], [0, 2]])
        #expect(try Self.records(work.file("out/match/clips.ndjson")).count == 2)
        #expect(dates(remote)["segments"] == nil && dates(remote)["frames"] == nil)
        let fileDates = dates("match")

        // Second run: only the URL's stages; the download resumes; same goals as the file.
        Thread.sleep(forTimeInterval: 1.1)
        let second = try make()
        #expect(second.status == 0, "\(second.output)\n\(second.errors)")
        #expect(dates("match") == fileDates)
        #expect(server.requests(for: "/vod/seg00000.ts").count == 1)
        let fetched = try Self.records(work.file("out/\(remote)/events.ndjson")).filter { $0["kind"] as? String == "goal" }
        #expect(fetched.map { $0["score"] as? [Int] ?? [] } == file.map { $0["score"] as? [Int] ?? [] })
        for (a, b) in zip(fetched, file) {
            #expect(abs((a["t"] as? Double ?? 0) - (b["t"] as? Double ?? 0)) < 0.01)
        }
        #expect(try Self.records(work.file("out/\(remote)/clips.ndjson")).count == 2)

        // Each source's page: a thumbnail per event (the URL's from its segments), its clips linked from its folder.
        for folder in ["match", remote] {
            let page = try String(contentsOfFile: work.file("out/\(folder)/report.html"), encoding: .utf8)
            let events = try Self.records(work.file("out/\(folder)/events.ndjson")).count
            #expect(page.components(separatedBy: "<img class=\"thumb\"").count - 1 == events, "\(folder)")
            #expect(page.components(separatedBy: "<video controls preload=\"metadata\" src=\"clips/goal-").count - 1 == 2, "\(folder)")
        }

        // Third run: nothing to do.
        let remoteDates = dates(remote)
        let third = try make()
        #expect(third.status == 0)
        #expect(dates("match") == fileDates && dates(remote) == remoteDates)

        // New clip windows: the events and clips are made again, the frames and readings are not.
        try #"{"extends":"football","clips":{"goal":{"before":12,"after":3}}}"#
            .write(toFile: work.file("short.json"), atomically: true, encoding: .utf8)
        let fourth = try make(["PROFILE=short.json"])
        #expect(fourth.status == 0, "\(fourth.errors)")
        let now = dates("match")
        #expect(now["frames"] == fileDates["frames"] && now["readings"] == fileDates["readings"])
        #expect(now["events"] != fileDates["events"] && now["clips"] != fileDates["clips"])
        let clips = try Self.records(work.file("out/match/clips.ndjson"))
        #expect(clips.allSatisfy { ($0["duration"] as? Double ?? 0) < 18 }, "\(clips)")

        let report = try Subprocess.run("make", ["-s", "-f", Repository.root.appendingPathComponent("scripts/batch.mk").path,
                                                 "SOURCES=match.ts \(url)", "OUT=out", "report"], directory: work.path)
        #expect(report.output.contains("match"))
        #expect(report.output.contains("done        0 matches, 2 goals, 2 clips"))
    }
}
