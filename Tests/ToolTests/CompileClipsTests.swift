import Foundation
import ReelTestSupport
import Testing

/// compile-clips end to end: clips cut by clip-cut, cards made by the ffmpeg CLI, results
/// checked with ffprobe, decoded pictures and sound levels.
@Suite(.serialized) struct CompileClipsTests {
    static func football() throws -> SyntheticStream { try SyntheticStreams.make("football", duration: 180, seed: 1) }

    /// Two clips of the football stream (6 s from 20 s, 8 s from 50 s), cut by clip-cut.
    func clips(in folder: TemporaryDirectory) throws -> [[String: Any]] {
        let stream = try Self.football()
        let events = [#"{"type":"event","kind":"goal","t":22,"clip":{"start":20,"end":26}}"#,
                      #"{"type":"event","kind":"goal","t":55,"clip":{"start":50,"end":58}}"#]
        let result = try Tools.run("clip-cut", ["--source", stream.video, "--out", folder.file("clips")],
                                   input: events.joined(separator: "\n") + "\n")
        let clips = try jsonLines(result.output).filter { $0["type"] as? String == "clip" }
        guard clips.count == 2 else { throw TestSetupError("clip-cut: \(result.errors)") }
        return clips
    }

    func compile(_ arguments: [String], clips: [[String: Any]]) throws -> (record: [String: Any]?, result: ProcessResult) {
        let input = try clips.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            .joined(separator: "\n") + "\n"
        let result = try Tools.run("compile-clips", arguments, input: input)
        return (try jsonLines(result.output).first { $0["type"] as? String == "compilation" }, result)
    }

    /// Root mean square of the sound of `path` from `start` for `duration` seconds (mono s16).
    func loudness(_ path: String, from start: Double, for duration: Double) throws -> Double {
        let result = try Subprocess.run("ffmpeg", ["-v", "error", "-ss", String(start), "-t", String(duration), "-i", path,
                                                   "-ac", "1", "-f", "s16le", "-"])
        let samples = result.stdout.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        guard !samples.isEmpty else { return 0 }
        return (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
    }

    @Test func clipsOfOneSourceAreJoinedByStreamCopy() throws {
        let folder = try TemporaryDirectory()
        var clips = try clips(in: folder)
        clips[0]["channel"] = "alpha"
        clips[0]["url"] = "https://clips.example/a"
        clips[1]["channel"] = "beta"
        clips[1]["url"] = "https://clips.example/b"
        var skipped = clips[0]
        skipped["keep"] = false
        let out = folder.file("best.mp4")
        let (record, result) = try compile(["-o", out, "--credits", folder.file("credits.txt")], clips: [clips[0], skipped, clips[1]])
        #expect(result.status == 0, "\(result.errors)")
        let compilation = try #require(record)
        #expect(compilation["method"] as? String == "copy")
        #expect(compilation["clips"] as? [String] == [clips[0]["path"] as? String ?? "", clips[1]["path"] as? String ?? ""])
        let durations = clips.compactMap { $0["duration"] as? Double }
        let frame = 1.0 / 30
        #expect(abs((compilation["duration"] as? Double ?? 0) - durations.reduce(0, +)) <= frame)
        let probed = try Media.streams(of: out)
        let video = try #require(probed.first { $0.kind == "video" })
        let audio = try #require(probed.first { $0.kind == "audio" })
        #expect(abs(video.duration - durations.reduce(0, +)) <= frame && abs(audio.start - video.start) <= frame)
        #expect(Double(video.frames) == (durations.reduce(0, +) / frame).rounded(), "the skipped clip is not in it")
        #expect(try Media.decodeErrors(of: out).isEmpty)
        // Copied: the second clip's pictures, bit for bit, right after the first clip's.
        let firstFrames = Int((durations[0] / frame).rounded())
        let joined = try Media.frames(of: out, at: [0, firstFrames, firstFrames + 60], crop: [0, 0, 1280, 720])
        let a = try Media.frames(of: clips[0]["path"] as? String ?? "", at: [0], crop: [0, 0, 1280, 720])
        let b = try Media.frames(of: clips[1]["path"] as? String ?? "", at: [0, 60], crop: [0, 0, 1280, 720])
        #expect(joined[0] == a[0] && joined[firstFrames] == b[0] && joined[firstFrames + 60] == b[60])
        #expect(try String(contentsOfFile: folder.file("credits.txt"), encoding: .utf8)
                == "alpha https://clips.example/a\nbeta https://clips.example/b\n")
    }

    @Test func cardsTrimsAndVolumeReencodeOnlyWhatChanges() throws {
        let folder = try TemporaryDirectory()
        var clips = try clips(in: folder)
        // A blue still card, and an interval of another size, rate and sound.
        let card = folder.file("card.png"), interval = folder.file("interval.mp4")
        _ = try Subprocess.run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "color=c=blue:s=640x360", "-frames:v", "1", card])
        _ = try Subprocess.run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "color=c=red:s=854x480:r=25", "-f", "lavfi",
                                          "-i", "sine=f=500:r=44100", "-t", "2", "-c:v", "libx264", "-c:a", "aac", "-ac", "1", interval])
        clips[0]["trim_start"] = 1.5
        clips[0]["trim_end"] = 0.5
        clips[1]["volume"] = 0.5
        let out = folder.file("edited.mp4")
        let (record, result) = try compile(["-o", out, "--intro", card, "--interval", interval, "--outro", card], clips: clips)
        #expect(result.status == 0, "\(result.errors)")
        let compilation = try #require(record)
        #expect(compilation["method"] as? String == "normalised")
        let durations = clips.compactMap { $0["duration"] as? Double }
        let expected = 3 + (durations[0] - 2) + 2 + durations[1] + 3
        let duration = try #require(compilation["duration"] as? Double)
        #expect(abs(duration - expected) <= 2.0 / 30, "pieces add up: \(duration) vs \(expected)")
        let probed = try Media.streams(of: out)
        let video = try #require(probed.first { $0.kind == "video" })
        let audio = try #require(probed.first { $0.kind == "audio" })
        #expect(abs(video.duration - duration) <= 2.0 / 30 && abs(audio.duration - duration) <= 0.05)
        #expect(try Media.decodeErrors(of: out).isEmpty)
        // Pictures: the card is blue, the interval red (fitted on black), the trimmed clip
        // starts 1.5 s in, the clip at half volume is copied bit for bit.
        let trimmedStart = 90, intervalStart = 90 + Int(((durations[0] - 2) * 30).rounded())
        let secondStart = intervalStart + 60
        let frames = try Media.frames(of: out, at: [10, trimmedStart, intervalStart + 10, secondStart + 30],
                                      crop: [0, 0, 1280, 720], pixelFormat: "rgb24")
        let pixel = { (data: Data, x: Int, y: Int) -> [UInt8] in Array(data[(y * 1280 + x) * 3..<(y * 1280 + x) * 3 + 3]) }
        let blue = pixel(try #require(frames[10]), 640, 360)
        #expect(blue[2] > 200 && blue[0] < 40 && blue[1] < 40)
        let red = pixel(try #require(frames[intervalStart + 10]), 640, 360)
        #expect(red[0] > 200 && red[1] < 40 && red[2] < 40)
        let source = try Media.frames(of: clips[0]["path"] as? String ?? "", at: [44, 45, 46], crop: [0, 0, 1280, 720], pixelFormat: "rgb24")
        let difference = { (a: Data, b: Data) -> Double in
            var sum = 0
            for index in stride(from: 0, to: a.count, by: 7) { sum += abs(Int(a[index]) - Int(b[index])) }
            return Double(sum) / Double(a.count / 7)
        }
        let trimmed = try #require(frames[trimmedStart])
        #expect(difference(trimmed, source[45]!) < 4 && difference(trimmed, source[45]!) < difference(trimmed, source[44]!))
        let second = try Media.frames(of: clips[1]["path"] as? String ?? "", at: [30], crop: [0, 0, 1280, 720], pixelFormat: "rgb24")
        #expect(frames[secondStart + 30] == second[30], "a clip that fits is copied")
        // Sound: the card is silent, the second clip at half its loudness.
        let secondTime = Double(secondStart) / 30
        #expect(try loudness(out, from: 0.5, for: 2) < 30)
        let original = try loudness(clips[1]["path"] as? String ?? "", from: 1, for: 6)
        let halved = try loudness(out, from: secondTime + 1, for: 6)
        #expect(original > 500 && abs(halved / original - 0.5) < 0.08, "\(halved) / \(original)")
    }

    @Test func musicPlaysUnderEverything() throws {
        let folder = try TemporaryDirectory()
        let clips = try clips(in: folder)
        let card = folder.file("card.png"), music = folder.file("music.m4a")
        _ = try Subprocess.run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "color=c=blue:s=1280x720", "-frames:v", "1", card])
        _ = try Subprocess.run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "sine=f=220:r=44100", "-t", "5", "-c:a", "aac", music])
        let out = folder.file("music.mp4")
        let (record, result) = try compile(["-o", out, "--intro", card, "--music", music, "--music-volume", "0.5"], clips: clips)
        #expect(result.status == 0, "\(result.errors)")
        #expect(record?["method"] as? String == "normalised")
        // The intro card has no sound of its own: what is heard is the music (looped past 5 s).
        #expect(try loudness(out, from: 0.5, for: 2) > 1000)
        let total = record?["duration"] as? Double ?? 0
        #expect(try loudness(out, from: total - 2, for: 1.5) > 1000, "the 5 s track loops")
    }

    @Test func missingClipsAreLeftOutWithStatus66() throws {
        let folder = try TemporaryDirectory()
        let clips = try clips(in: folder)
        let gone: [String: Any] = ["type": "clip", "path": folder.file("gone.mp4")]
        let out = folder.file("out.mp4")
        let (record, result) = try compile(["-o", out], clips: [clips[0], gone, clips[1]])
        #expect(result.status == 66)
        #expect(result.errors.contains("compile-clips: \(folder.file("gone.mp4")): No such file or directory"))
        #expect((record?["clips"] as? [String])?.count == 2)
        #expect(FileManager.default.fileExists(atPath: out))
    }

    /// Clips cut by clip-cut from a numbered video of 60 s (every picture carries its number),
    /// one per window (start, end), with `fields` added to each.
    func numberedClips(_ windows: [(Double, Double)], fields: [[String: Any]] = [], in folder: TemporaryDirectory) throws
        -> [[String: Any]]
    {
        let source = folder.file("numbered.ts")
        if !FileManager.default.fileExists(atPath: source) { try Media.numbered(seconds: 60, to: source) }
        let events = windows.map { #"{"type":"event","kind":"goal","t":\#($0.1 - 2),"clip":{"start":\#($0.0),"end":\#($0.1)}}"# }
        let result = try Tools.run("clip-cut", ["--source", source, "--out", folder.file("cuts")], input: events.joined(separator: "\n") + "\n")
        let clips = try jsonLines(result.output).filter { $0["type"] as? String == "clip" }
        guard clips.count == windows.count else { throw TestSetupError("clip-cut: \(result.errors)") }
        return clips.enumerated().map { index, clip in
            clip.merging(index < fields.count ? fields[index] : [:]) { _, new in new }
        }
    }

    @Test func overlappingClipsOfOneSourceRepeatNoFootage() throws {
        let folder = try TemporaryDirectory()
        // The issue's goal clips, 138-164.6 s and 158-184.6 s, at a smaller scale: 6.6 s shared.
        let clips = try numberedClips([(8, 34.6), (28, 54.6), (30, 40)], in: folder)
        let starts = clips.map { $0["start"] as? Double ?? 0 }, ends = clips.map { $0["end"] as? Double ?? 0 }
        let out = folder.file("goals.mp4")
        let (record, result) = try compile(["-o", out], clips: clips)
        #expect(result.status == 0, "\(result.errors)")
        let shared = RecordText.shortest(((ends[0] - starts[1]) * 1000).rounded() / 1000)
        #expect(result.errors.contains("compile-clips: \(clips[1]["path"] as? String ?? ""): warning: shows \(RecordText.range(starts[1], ends[1])) of its source; repeated \(shared) s of goal-8.mp4 (\(RecordText.range(starts[0], ends[0]))) cut from its start: now \(RecordText.range(ends[0], ends[1]))"),
                "\(result.errors)")
        #expect(result.errors.contains("compile-clips: \(clips[2]["path"] as? String ?? ""): warning: everything it shows is in goal-8.mp4 and goal-28.mp4 already: left out"),
                "\(result.errors)")
        #expect((record?["clips"] as? [String])?.count == 2)
        // Every picture once, in order: the first clip's, then the second's from where the first ended.
        let numbers = try Media.frameNumbers(of: out)
        let first = Int((starts[0] * 30).rounded()), last = Int((ends[1] * 30).rounded())
        #expect(numbers == Array(first..<last), "\(numbers.prefix(5))...\(numbers.suffix(5)), \(numbers.count) pictures")
        let duration = try #require(record?["duration"] as? Double)
        #expect(abs(duration - (ends[1] - starts[0])) <= 2.0 / 30, "\(duration)")
    }

    @Test func namesAreDrawnOverTheFirstSecondsAndCreditsEndTheVideo() throws {
        let folder = try TemporaryDirectory()
        let clips = try numberedClips([(5, 15), (30, 40), (45, 51)], fields: [
            ["channel": "alpha", "url": "https://clips.example/a", "id": "clip-a"],
            ["channel": "beta", "url": "https://clips.example/b", "title": "Late goal", "id": "clip-b"],
            ["id": "clip-c"],
        ], in: folder)
        let out = folder.file("named.mp4"), credits = folder.file("credits.txt")
        let (record, result) = try compile(["-o", out, "--first", "clip-b", "--name-overlay", "--name-title", "--name-seconds", "3",
                                            "--channel", "home team", "--credits-card", "--credits-seconds", "2", "--credits", credits],
                                           clips: clips)
        #expect(result.status == 0, "\(result.errors)")
        let compilation = try #require(record)
        #expect(compilation["clips"] as? [String] == [1, 0, 2].map { clips[$0]["path"] as? String ?? "" }, "--first: clip-b first")
        let duration = try #require(compilation["duration"] as? Double)
        #expect(abs(duration - 28) <= 3.0 / 30, "10 + 10 + 6 s and the 2 s card: \(duration)")
        // Pictures: beta's, alpha's, then the other's, each once; the card carries no number.
        let numbers = try Media.frameNumbers(of: out)
        #expect(Array(numbers.prefix(300)) == Array(900..<1200) && Array(numbers[300..<600]) == Array(150..<450)
                && Array(numbers[600..<780]) == Array(1350..<1530), "\(numbers.count) pictures")
        #expect(numbers.suffix(60).allSatisfy { $0 == -1 })
        // The name: white text in the bottom-left corner for 3 s, then the clip as it was.
        let corner = [0, 240, 320, 120]
        let frames = try Media.frames(of: out, at: [30, 80, 100, 150, 330, 630, 790], crop: corner)
        let white = { (index: Int) -> Int in frames[index]?.filter { $0 > 200 }.count ?? 0 }
        #expect(white(30) > 300 && white(80) > 300 && white(330) > 300 && white(630) > 300, "\([30, 80, 330, 630].map(white))")
        #expect(white(100) == 0 && white(150) == 0, "gone after 3 s: \([100, 150].map(white))")
        // Only the first seconds are encoded: beta's pictures from its first keyframe after
        // 3 s on are its own, bit for bit.
        let source = try Media.frames(of: clips[1]["path"] as? String ?? "", at: [100, 150], crop: corner)
        #expect(frames[100] == source[100] && frames[150] == source[150], "copied, not encoded")
        // The credits card: the channels and links in the middle, in white; the file, the same lines.
        let card = try #require(try Media.frames(of: out, at: [numbers.count - 10], crop: [0, 0, 640, 360])[numbers.count - 10])
        #expect(card.filter { $0 > 200 }.count > 1000)
        #expect(try String(contentsOfFile: credits, encoding: .utf8)
                == "beta https://clips.example/b\nalpha https://clips.example/a\nhome team\n")
        #expect(try Media.decodeErrors(of: out).isEmpty)
        // A font that is not there is said.
        let (_, noFont) = try compile(["-o", folder.file("x.mp4"), "--name-overlay", "--font", folder.file("none.ttf")], clips: clips)
        #expect(noFont.status == 66 && noFont.errors.contains("\(folder.file("none.ttf")): font: not a readable font file"), "\(noFont.errors)")
    }
}

/// Numbers as compile-clips writes them in messages.
enum RecordText {
    static func shortest(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    static func range(_ start: Double, _ end: Double) -> String {
        shortest((start * 100).rounded() / 100) + "-" + shortest((end * 100).rounded() / 100) + " s"
    }
}
