import Foundation
import Glibc
import ReelTestSupport
import Testing

/// clip-cut and compile-clips on hostile records and files: numbers checked where they enter,
/// damage cut around, outputs that never replace a device or follow a link.
@Suite struct HostileClipTests {
    @Test(arguments: [("clipcut_t_1e15.ndjson", "t 1e15"), ("clipcut_window_1e300.ndjson", "clip.start 1e300")])
    func eventTimesBeyondAnyStreamAreRefused(_ name: String, _ what: String) throws {
        // F5: trapped converting the window to a timestamp.
        let folder = try TemporaryDirectory()
        let video = try Hostile.video(folder.file("small.ts"))
        let input = try Hostile.text(name)
        let result = try Hostile.run("clip-cut", ["--source", video, "--out", folder.file("cx")], input: input)
        #expect(result.status == 65)
        #expect(result.errors == "clip-cut: stdin:1: \(what) is out of range (-1e9 to 1e9 s)\n")
        #expect(result.output == input, "the event passes through; no clip")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("cx")).isEmpty)
    }

    @Test func segmentsSaidToStartAt4e18AreRefused() throws {
        // F6 (clip-cut's part): segment records written after a live sequence jump said
        // start 4.6e18 and clip-cut trapped.
        let folder = try TemporaryDirectory()
        let video = try Hostile.video(folder.file("a.ts"), seconds: 2)
        let input = [#"{"type":"segment","seq":0,"path":"\#(video)","start":0.0,"duration":2.0}"#,
                     #"{"type":"segment","seq":4611686018427387904,"path":"\#(video)","start":4.611686018427388e+18,"duration":1.0}"#,
                     #"{"type":"event","kind":"match","start":0.5,"partial":true}"#].joined(separator: "\n") + "\n"
        let result = try Hostile.run("clip-cut", ["--out", folder.file("cl")], input: input)
        #expect(result.status == 65)
        #expect(result.errors.contains("clip-cut: stdin:2: start 4.611686018427388e+18 is out of range (-1e9 to 1e9 s)"))
        let clips = try jsonLines(result.output).filter { $0["type"] as? String == "clip" }
        #expect(clips.count == 1)
        #expect((clips.first?["end"] as? Double ?? 0) <= 2.1)
    }

    @Test func aDamagedRepeatedAudioTimestampIsCutAround() throws {
        // F18: exit 74 "cannot write a packet" and no clip.
        let folder = try TemporaryDirectory()
        let result = try Hostile.run("clip-cut", ["--source", Hostile.fixture("flip0_dup_audio_dts.ts"), "--out", folder.path],
                                     input: #"{"type":"event","kind":"kill","t":3}"# + "\n")
        #expect(result.status == 65)
        #expect(result.errors.contains("damaged packet(s) of the source left out"), "\(result.errors)")
        let clip = try #require(try jsonLines(result.output).first { $0["type"] as? String == "clip" })
        let path = try #require(clip["path"] as? String)
        #expect(try Media.streams(of: path).contains { $0.kind == "video" && $0.frames > 100 })
    }

    @Test func aRepeatedSegmentRecordIsSkipped() throws {
        // F18: a repeated segment record made timestamps go back: exit 74 and no clip.
        let folder = try TemporaryDirectory()
        let video = try Hostile.video(folder.file("v.ts"))
        try FileManager.default.createDirectory(atPath: folder.file("seg"), withIntermediateDirectories: true)
        let segments = try Media.segments(of: video, seconds: 2, in: folder.file("seg"))
        var lines = segments.prefix(3).compactMap { segment -> String? in
            guard let data = try? JSONSerialization.data(withJSONObject: segment) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
        try #require(lines.count == 3)
        lines.append(lines[2])
        lines.append(#"{"type":"event","kind":"match","start":2.0,"partial":true}"#)
        let result = try Hostile.run("clip-cut", ["--out", folder.file("cx")], input: lines.joined(separator: "\n") + "\n")
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors.contains("warning: a segment starting at 4 s, before the end of the ones before it (6 s): skipped"))
        let clip = try #require(try jsonLines(result.output).first { $0["type"] as? String == "clip" })
        #expect(clip["start"] as? Double == 2 && clip["end"] as? Double == 6)
    }

    @Test(arguments: [
        (#""trim_start":1e300"#, "compile-clips: stdin:1: trim_start 1e300 is out of range (0 to 1e9 s)"),
        (#""trim_end":-1"#, "compile-clips: stdin:1: trim_end -1 is out of range (0 to 1e9 s)"),
        (#""volume":-1"#, "compile-clips: stdin:1: volume -1 is out of range (0 to 10)"),
        (#""trim_start":100"#, "compile-clips: stdin:1: trim_start 100 s and trim_end 0 s leave nothing of the clip's 2 s; the clip is left out"),
    ])
    func clipFieldsOutOfRangeLeaveTheClipOut(_ field: String, _ message: String) throws {
        // F7 (trim_start 1e300 trapped), and the smaller list: a trim longer than the clip or a
        // negative volume taken without a word.
        let folder = try TemporaryDirectory()
        let clip = try Hostile.video(folder.file("clip_a.mp4"), seconds: 2)
        let input = #"{"type":"clip","path":"\#(clip)",\#(field)}"# + "\n"
        let result = try Hostile.run("compile-clips", ["-o", folder.file("x.mp4")], input: input)
        #expect(result.status == 65)
        #expect(Hostile.messages(result).first == message)
        #expect(!FileManager.default.fileExists(atPath: folder.file("x.mp4")))
    }

    @Test func theFixtureOfF7IsRefused() throws {
        let folder = try TemporaryDirectory()
        try Hostile.video(folder.file("clip_a.mp4"), seconds: 2)
        let result = try Hostile.run("compile-clips", ["-o", "x.mp4", Hostile.fixture("compile_trim_1e300.ndjson")],
                                     directory: folder.path)
        #expect(result.status == 65)
        #expect(Hostile.messages(result).first == "compile-clips: \(Hostile.fixture("compile_trim_1e300.ndjson")):1: trim_start 1e300 is out of range (0 to 1e9 s)")
    }

    @Test func outputsToADeviceAFIFOOrStdoutAreWrittenStraight() throws {
        // F19: `compile-clips -o NODE` replaced a character device by rename (as root,
        // `-o /dev/null` destroyed /dev/null).
        let folder = try TemporaryDirectory()
        let clip = try Hostile.video(folder.file("a.mp4"), seconds: 2)
        let input = #"{"type":"clip","path":"\#(clip)"}"# + "\n"
        let null = folder.file("null")
        if mknod(null, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0 {  // a private /dev/null (root only)
            let result = try Hostile.run("compile-clips", ["-o", null, "--credits", null], input: input)
            #expect(result.status == 0, "\(result.errors)")
            var info = stat()
            #expect(lstat(null, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR, "still a character device")
        }
        let toStdout = try Hostile.run("compile-clips", ["-o", "-"], input: input)
        #expect(toStdout.status == 0, "\(toStdout.errors)")
        #expect(toStdout.stdout.count > 1000 && toStdout.stdout.subdata(in: 4..<8) == Data("ftyp".utf8), "the video, not records")
        let fifo = folder.file("fifo")
        #expect(mkfifo(fifo, 0o644) == 0)
        let reader = try Subprocess.run("/bin/sh", ["-c", "cat \"$0\" > \"$1\" & \"$2\" -o \"$0\" && wait", fifo, folder.file("got.mp4"),
                                                    Repository.tool("compile-clips")], input: Data(input.utf8), timeout: 120)
        #expect(reader.status == 0, "\(reader.errors)")
        #expect((try? Data(contentsOf: URL(fileURLWithPath: folder.file("got.mp4"))))?.count ?? 0 > 1000)
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "still a FIFO")
    }

    @Test func aPlantedLinkAtTheOutputIsNeitherFollowedNorReplaced() throws {
        let folder = try TemporaryDirectory()
        let clip = try Hostile.video(folder.file("a.mp4"), seconds: 2)
        let victim = folder.file("victim.txt")
        try "VICTIM".write(toFile: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder.file("out.mp4"), withDestinationPath: victim)
        let result = try Hostile.run("compile-clips", ["-o", folder.file("out.mp4")], input: #"{"type":"clip","path":"\#(clip)"}"# + "\n")
        #expect(result.status == 74)
        #expect(result.errors.contains("compile-clips: \(folder.file("out.mp4")): is a symbolic link: not written through nor replaced"))
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "VICTIM")
    }
}
