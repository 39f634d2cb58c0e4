import Foundation
import ReelTestSupport
import Testing

/// clip-cut end to end: clips checked with ffprobe and against frames the ffmpeg CLI decodes.
@Suite(.serialized) struct ClipCutTests {
    static func football() throws -> SyntheticStream { try SyntheticStreams.make("football", duration: 180, seed: 1) }
    static func mp4() throws -> SyntheticStream {
        try SyntheticStreams.make("football", duration: 60, fps: 60, seed: 5,
                                  options: ["--gop", "3", "--format", "mp4", "--audio", "no"])
    }

    func cut(_ arguments: [String], events: [String]) throws -> (clips: [[String: Any]], result: ProcessResult) {
        let result = try Tools.run("clip-cut", arguments, input: events.joined(separator: "\n") + "\n")
        return (try jsonLines(result.output).filter { $0["type"] as? String == "clip" }, result)
    }

    /// Keyframe times of `video` in stream time (from its first frame).
    func keyframes(_ video: String) throws -> [Double] {
        let times = try Media.keyframeTimes(of: video)
        return times.map { $0 - (times.first ?? 0) }
    }

    func meanDifference(_ a: Data, _ b: Data) -> Double {
        guard a.count == b.count, !a.isEmpty else { return .infinity }
        var sum = 0
        for index in a.indices { sum += abs(Int(a[index]) - Int(b[index])) }
        return Double(sum) / Double(a.count)
    }

    @Test func streamCopyStartsAtTheKeyframeAtOrBeforeTheWindow() throws {
        let stream = try Self.football()
        let folder = try TemporaryDirectory()
        let keys = try keyframes(stream.video)
        let events = [#"{"type":"event","kind":"goal","t":40,"team":"home","clip":{"start":31.3,"end":45.1}}"#,
                      #"{"type":"event","kind":"period","t":60,"label":"HT"}"#]
        let (clips, result) = try cut(["--source", stream.video, "--out", folder.path, "--before", "4", "--after", "6"], events: events)
        #expect(result.status == 0, "\(result.errors)")
        try #require(clips.count == 2)
        let frame = 1.0 / Double(stream.fps)
        for (clip, window) in zip(clips, [(31.3, 45.1), (56.0, 66.0)]) {
            let start = try #require(clip["start"] as? Double)
            let duration = try #require(clip["duration"] as? Double)
            #expect(start == keys.last { $0 <= window.0 + 1e-6 }, "the keyframe at or before \(window.0)")
            // Ends where every picture before the window's end can be decoded: at most the
            // reordering depth (2 B-frames) and one frame late.
            #expect(start + duration >= window.1 - frame && start + duration <= window.1 + 4 * frame + 1e-6)
            #expect(clip["method"] as? String == "copy")
            let path = try #require(clip["path"] as? String)
            let probed = try Media.streams(of: path)
            let video = try #require(probed.first { $0.kind == "video" })
            let audio = try #require(probed.first { $0.kind == "audio" })
            #expect(abs(video.duration - duration) <= frame, "ffprobe's duration is the record's")
            #expect(abs(Double(video.frames) - duration / frame) < 0.5, "every frame of the window is there")
            #expect(video.start == 0 && abs(audio.start - video.start) <= frame, "timestamps from 0, audio in sync")
            #expect(try Media.formatName(of: path).contains("mp4"))
            #expect(try Media.decodeErrors(of: path).isEmpty)
            // The first and a later picture are the source's, bit for bit (copied, not re-encoded).
            let first = Int((start / frame).rounded())
            let source = try Media.frames(of: stream.video, at: [first, first + 100], crop: [0, 0, 1280, 720])
            let copied = try Media.frames(of: path, at: [0, 100], crop: [0, 0, 1280, 720])
            #expect(copied[0] == source[first] && copied[100] == source[first + 100])
        }
        #expect((clips[0]["event"] as? [String: Any])?["team"] as? String == "home")
        #expect((clips[1]["path"] as? String)?.hasSuffix("/period-56.mp4") == true, "named {kind}-{start}")
    }

    @Test func accurateCutsStartAtTheFrameShownAtTheWindowsStart() throws {
        let stream = try Self.football()
        let folder = try TemporaryDirectory()
        let keys = try keyframes(stream.video)
        let event = #"{"type":"event","kind":"match","start":21.5,"end":33.0}"#
        let (clips, result) = try cut(["--source", stream.video, "--out", folder.path, "--accurate"], events: [event])
        #expect(result.status == 0, "\(result.errors)")
        let clip = try #require(clips.first)
        #expect(clip["start"] as? Double == 21.5 && clip["method"] as? String == "smart")
        let path = try #require(clip["path"] as? String)
        let frame = 1.0 / 30
        let probed = try Media.streams(of: path)
        let video = try #require(probed.first { $0.kind == "video" })
        let audio = try #require(probed.first { $0.kind == "audio" })
        let duration = try #require(clip["duration"] as? Double)
        #expect(duration >= 11.5 - frame && duration <= 11.5 + 4 * frame + 1e-6)
        #expect(abs(video.duration - duration) <= frame && Double(video.frames) == (duration / frame).rounded())
        #expect(video.start == 0 && abs(audio.start) <= frame)
        #expect(try Media.decodeErrors(of: path).isEmpty, "the re-encoded bridge and the copied rest decode clean")
        // Frame 0 is the source's frame at 21.5 s (re-encoded: close, and closer than its
        // neighbours); frames after the next keyframe are the source's bit for bit.
        let first = 645
        let next = try #require(keys.first { $0 > 21.5 })
        let copiedIndex = Int(((next - 21.5) / frame).rounded()) + 10
        let source = try Media.frames(of: stream.video, at: [first - 1, first, first + 1, first + copiedIndex],
                                      crop: [0, 0, 1280, 720])
        let clipped = try Media.frames(of: path, at: [0, copiedIndex], crop: [0, 0, 1280, 720])
        let difference = meanDifference(try #require(clipped[0]), try #require(source[first]))
        #expect(difference < 3)
        #expect(difference < meanDifference(clipped[0]!, source[first - 1]!) && difference < meanDifference(clipped[0]!, source[first + 1]!))
        #expect(clipped[copiedIndex] == source[first + copiedIndex])
    }

    @Test func accurateCutsOfMP4SourcesKeepTheirFraming() throws {
        let stream = try Self.mp4()
        let folder = try TemporaryDirectory()
        let events = [#"{"type":"event","kind":"match","start":4.25,"end":10.0}"#]
        for format in ["mp4", "ts"] {
            let (clips, result) = try cut(["--source", stream.video, "--out", folder.path, "--accurate", "--format", format],
                                          events: events)
            #expect(result.status == 0, "\(result.errors)")
            let path = try #require(clips.first?["path"] as? String)
            #expect(path.hasSuffix("." + format))
            #expect(try Media.decodeErrors(of: path).isEmpty)
            let video = try #require(try Media.streams(of: path).first { $0.kind == "video" })
            #expect(video.frames >= 345 && video.frames <= 349, "5.75 s at 60 fps")
            let source = try Media.frames(of: stream.video, at: [254, 255, 256, 255 + 200], crop: [0, 0, 1280, 720])
            let clipped = try Media.frames(of: path, at: [0, 200], crop: [0, 0, 1280, 720])
            let difference = meanDifference(clipped[0]!, source[255]!)
            #expect(difference < 3 && difference < meanDifference(clipped[0]!, source[254]!)
                    && difference < meanDifference(clipped[0]!, source[256]!))
            #expect(clipped[200] == source[455], "copied after the keyframe at 6 s")
        }
    }

    @Test func otherCodecsAreReencodedWholeAndSaySo() throws {
        let folder = try TemporaryDirectory()
        let source = folder.file("mpeg4.mp4")
        let made = try Subprocess.run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=25", "-t", "12",
                                                 "-c:v", "mpeg4", "-g", "50", "-q:v", "3", source])
        try #require(made.status == 0, "\(made.errors)")
        let (clips, result) = try cut(["--source", source, "--out", folder.path, "--accurate"],
                                      events: [#"{"type":"event","kind":"match","start":3.0,"end":6.0}"#])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors.contains("smart cut needs H.264, this is mpeg4: re-encoding the whole clip"))
        let clip = try #require(clips.first)
        #expect(clip["method"] as? String == "reencoded" && clip["start"] as? Double == 3)
        let path = try #require(clip["path"] as? String)
        let video = try #require(try Media.streams(of: path).first { $0.kind == "video" })
        #expect(video.codec == "h264" && video.frames == 75 && abs(video.duration - 3) < 0.05)
        // testsrc2 shows a running frame counter: the first picture is the source's frame 75.
        let first = try Media.frames(of: path, at: [0], crop: [0, 0, 320, 240])
        let source75 = try Media.frames(of: source, at: [74, 75, 76], crop: [0, 0, 320, 240])
        let difference = { (a: Data, b: Data) -> Double in
            Double(zip(a, b).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }) / Double(a.count)
        }
        let here = difference(first[0]!, source75[75]!)
        #expect(here < difference(first[0]!, source75[74]!) && here < difference(first[0]!, source75[76]!))
    }

    @Test func segmentsGiveTheSameClipAsTheWholeFile() throws {
        let stream = try Self.football()
        let folder = try TemporaryDirectory()
        let segments = try Media.segments(of: stream.video, seconds: 4, in: folder.path)
        let lines = try segments.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        let list = folder.file("segments.ndjson")
        try (lines.joined(separator: "\n") + "\n").write(toFile: list, atomically: true, encoding: .utf8)
        let event = #"{"type":"event","kind":"match","start":21.3,"end":38.1}"#
        let whole = try cut(["--source", stream.video, "--out", folder.file("whole")], events: [event])
        let split = try cut(["--segments", list, "--out", folder.file("split")], events: [event])
        #expect(split.result.status == 0, "\(split.result.errors)")
        let a = try #require(whole.clips.first), b = try #require(split.clips.first)
        #expect(a["start"] as? Double == b["start"] as? Double && a["duration"] as? Double == b["duration"] as? Double)
        let copy = { (path: String) throws -> Data in
            try Subprocess.run("ffmpeg", ["-v", "error", "-i", path, "-map", "0:v", "-c", "copy", "-f", "h264", "-"]).stdout
        }
        #expect(try copy(a["path"] as? String ?? "") == copy(b["path"] as? String ?? ""), "the same pictures")
        #expect((b["source"] as? String)?.hasSuffix("seg00000.ts") == true)
    }

    @Test func aLivePipelineCutsOnceTheSegmentsItNeedsArrive() throws {
        let stream = try Self.football()
        let folder = try TemporaryDirectory()
        let segments = try Media.segments(of: stream.video, seconds: 4, in: folder.path)
        let tool = try InteractiveProcess(Repository.tool("clip-cut"), ["--out", folder.file("clips")])
        defer { tool.kill() }
        let line = { (object: [String: Any]) in String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self) }
        for segment in segments.prefix(5) { try tool.send(try line(segment)) }
        try tool.send(#"{"type":"event","kind":"goal","t":18,"team":"away","clip":{"start":14,"end":23}}"#)
        // The window ends at 23 s; segments so far reach 20 s: nothing is cut yet.
        let early = tool.wait(timeout: 2) { $0.contains { $0.contains(#""type":"clip""#) } }
        #expect(!early.contains { $0.contains(#""type":"clip""#) })
        for segment in segments[5..<7] { try tool.send(try line(segment)) }
        let later = tool.wait(timeout: 20) { $0.contains { $0.contains(#""type":"clip""#) } }
        let clip = try #require(try jsonLines(later.joined(separator: "\n")).first { $0["type"] as? String == "clip" })
        #expect(clip["start"] as? Double == 14 && abs((clip["end"] as? Double ?? 0) - 23) < 0.15)
        try tool.closeInput()
        #expect(tool.finish() == 0)
    }

    @Test func aRerunDoesNotCutAgainButANewWindowDoes() throws {
        let stream = try Self.football()
        let folder = try TemporaryDirectory()
        let event = #"{"type":"event","kind":"match","start":50,"end":60}"#
        let first = try cut(["--source", stream.video, "--out", folder.path], events: [event])
        let path = try #require(first.clips.first?["path"] as? String)
        let inode = { try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int }
        let before = try inode()
        let again = try cut(["--source", stream.video, "--out", folder.path], events: [event])
        #expect(try inode() == before, "the complete clip was kept")
        #expect(again.result.output == first.result.output, "the same record")
        _ = try cut(["--source", stream.video, "--out", folder.path, "--accurate"], events: [event])
        #expect(try inode() != before, "another request is cut again")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "no temporary files left")
    }

    @Test func windowsOutsideTheSourceAreClippedOrSkipped() throws {
        let stream = try Self.football()
        let folder = try TemporaryDirectory()
        let events = [#"{"type":"event","kind":"match","start":170,"end":400}"#,
                      #"{"type":"event","kind":"match","start":500,"end":600}"#,
                      #"{"type":"event","kind":"note"}"#]
        let (clips, result) = try cut(["--source", stream.video, "--out", folder.path], events: events)
        #expect(result.status == 0, "warnings only: \(result.errors)")
        #expect(clips.count == 1)
        #expect(clips.first?["clipped"] as? Bool == true)
        #expect(abs((clips.first?["end"] as? Double ?? 0) - 180) < 0.1)
        #expect(result.errors.contains("after the source: cut to"))
        #expect(result.errors.contains("holds no picture of the source: skipped"))
        #expect(result.errors.contains("without a usable window"))
        #expect(try jsonLines(result.output).count == 4, "the three events pass through, one clip")
    }

    @Test func missingAndDamagedSegmentsAreCutAround() throws {
        let stream = try Self.football()
        let folder = try TemporaryDirectory()
        var segments = try Media.segments(of: stream.video, seconds: 4, in: folder.path)
        segments[6]["path"] = folder.file("gone.ts")          // 24-28 s missing
        let damaged = try #require(segments[8]["path"] as? String)  // 32-36 s garbage
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: damaged)))
        var generator = SystemRandomNumberGenerator()
        for index in 0..<bytes.count where index % 188 != 0 { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        let list = folder.file("segments.ndjson")
        let lines = try segments.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: list, atomically: true, encoding: .utf8)
        let events = [#"{"type":"event","kind":"match","start":20,"end":44}"#]
        let (clips, result) = try cut(["--segments", list, "--out", folder.file("clips")], events: events)
        #expect(result.status == 66, "a missing segment: \(result.errors)")
        let clip = try #require(clips.first)
        let skipped = (clip["skipped"] as? [[Double]]) ?? []
        #expect(skipped.count == 2)
        #expect(skipped.first.map { abs($0[0] - 24) < 0.1 && abs($0[1] - 28) < 0.1 } == true)
        #expect(skipped.last.map { $0[0] <= 32.1 && $0[1] >= 35.9 } == true)
        let path = try #require(clip["path"] as? String)
        let duration = try #require(clip["duration"] as? Double)
        #expect(abs(duration - (24 - skipped.reduce(0) { $0 + $1[1] - $1[0] })) < 0.05)
        #expect(try Media.decodeErrors(of: path).isEmpty, "what is left decodes clean")
        let video = try #require(try Media.streams(of: path).first { $0.kind == "video" })
        #expect(abs(video.duration - duration) < 0.05)
        #expect(result.errors.contains("clip-cut: \(folder.file("gone.ts")): warning: cannot open"))
        #expect(result.errors.contains("clip-cut: \(path): 8 s of damaged or missing data cut out"))
    }

    @Test func aMissingSourceIsStatus66AndRecordsStillPass() throws {
        let folder = try TemporaryDirectory()
        let event = #"{"type":"event","kind":"match","start":1,"end":2}"#
        let (clips, result) = try cut(["--source", folder.file("none.ts"), "--out", folder.path], events: [event, "{bad"])
        #expect(result.status == 66)
        #expect(clips.isEmpty && result.output == event + "\n")
        #expect(result.errors.contains("clip-cut: \(folder.file("none.ts")): No such file or directory"))
        #expect(result.errors.contains("clip-cut: stdin:2: not valid JSON"))
    }

    @Test func eventsWithNothingToCutFromSayHowToGiveIt() throws {
        let folder = try TemporaryDirectory()
        let events = [#"{"type":"event","kind":"goal","t":5}"#, #"{"type":"event","kind":"goal","t":9}"#]
        let (clips, result) = try cut(["--out", folder.path], events: events)
        #expect(result.status == 66)
        #expect(clips.isEmpty && result.output == events.joined(separator: "\n") + "\n")
        #expect(result.errors == "clip-cut: stdin: nothing to cut from: give --source VIDEO or --segments FILE, "
            + "or segment records (hls-fetch's) on the input before the events\n")
    }

    @Test func aNameFieldTheEventLacksIsSaidNotWrittenAsNone() throws {
        let stream = try Self.football()
        let folder = try TemporaryDirectory()
        let events = [#"{"type":"event","kind":"goal","t":20,"team":"home"}"#, #"{"type":"event","kind":"goal","t":40}"#]
        let (clips, result) = try cut(["--source", stream.video, "--out", folder.path, "--name", "{kind}-{team}-{t}"],
                                      events: events)
        #expect(result.status == 65)
        #expect(clips.compactMap { $0["path"] as? String }.map { ($0 as NSString).lastPathComponent } == ["goal-home-20.mp4"])
        #expect(result.errors.contains("clip-cut: goal event at 40 s: --name {kind}-{team}-{t}: the event has no {team} (no clip cut)"))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!files.contains { $0.contains("none") }, "\(files)")
    }
}
