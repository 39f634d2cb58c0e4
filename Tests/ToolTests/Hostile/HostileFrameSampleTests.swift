import Foundation
import ReelTestSupport
import Testing

/// frame-sample on hostile records, files and options: loops over time bounded by the media
/// actually there, memory bounded whatever the input, nothing silent.
@Suite struct HostileFrameSampleTests {
    @Test func aSegmentSaidToStartAt1e17IsRefusedAtOnce() throws {
        // F14: a segment `start` of 1e11 or more made the time loop run for ever.
        let folder = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder.file("media"), withIntermediateDirectories: true)
        try Hostile.video(folder.file("media/small.ts"), seconds: 2)
        let started = Date()
        let result = try Hostile.run("frame-sample", ["--every", "2", "--out", "fr"], input: try Hostile.text("fs_seg_start_1e17.ndjson"),
                                     directory: folder.path, seconds: 60)
        #expect(result.status == 65)
        #expect(result.errors == "frame-sample: stdin:1: start 1e17 is out of range (-1e9 to 1e9 s)\n")
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test func aSegmentAfterAJumpOf4e18IsRefusedAndTheRestSampled() throws {
        // F6 (frame-sample's part): it spun at 100% CPU until killed.
        let folder = try TemporaryDirectory()
        let video = try Hostile.video(folder.file("a.ts"), seconds: 2)
        let input = [#"{"type":"segment","seq":0,"path":"\#(video)","start":0.0,"duration":2.0}"#,
                     #"{"type":"gap","from":2,"to":4611686018427387903,"start":2.0,"duration":4.611686018427388e+18}"#,
                     #"{"type":"segment","seq":4611686018427387904,"path":"\#(video)","start":4.611686018427388e+18,"duration":1.0}"#]
            .joined(separator: "\n") + "\n"
        let result = try Hostile.run("frame-sample", ["--every", "1", "--out", folder.file("fr")], input: input, seconds: 60)
        #expect(result.status == 65)
        #expect(result.errors.contains("frame-sample: stdin:3: start 4.611686018427388e+18 is out of range (-1e9 to 1e9 s)"))
        let frames = try jsonLines(result.output).filter { $0["type"] as? String == "frame" }
        #expect(frames.map { $0["t"] as? Double } == [0, 1])
    }

    @Test(arguments: ["fs_exact_mem_blowup.ts", "fs_exact_mem_blowup.mp4"])
    func exactModeOnADamagedFileStaysWithinItsMemory(_ name: String) throws {
        // F15: a bit-flipped 90 KB file made exact mode grow past 2 GB.
        let folder = try TemporaryDirectory()
        let result = try Hostile.run("frame-sample", [Hostile.fixture(name), "--mode", "exact", "--every", "1", "--out", folder.path],
                                     seconds: 60, memory: 1536)
        #expect(result.status == 65, "\(result.errors)")
        #expect(result.errors.contains("damaged data"))
        #expect(!result.errors.contains("Fatal error") && !result.errors.contains("Program crashed"))
    }

    @Test func anIntervalBelowOneFrameIsRefused() throws {
        // F16: `--every 1e-9` took 6 GB in 13 s.
        let result = try Hostile.run("frame-sample", ["--every", "1e-9", "--mode", "exact", "x.ts"], seconds: 30, memory: 1536)
        #expect(result.status == 64)
        #expect(result.errors == "frame-sample: --every: 1e-09 s is out of range (0.001 s, one frame at 1000 fps, to 1e9 s)\n")
    }

    @Test func theFinestIntervalStaysBounded() throws {
        let folder = try TemporaryDirectory()
        let video = try Hostile.video(folder.file("v.ts"), seconds: 2)
        let result = try Hostile.run("frame-sample", [video, "--mode", "exact", "--every", "0.001", "--out", folder.file("fr"), "--scale", "16"],
                                     seconds: 120, memory: 1536)
        #expect(result.status == 0, "\(result.errors)")
        #expect(try jsonLines(result.output).count == 60, "each frame once")
    }

    @Test func aTruncatedFileIsAnError() throws {
        // F17: 0 frames, no message, exit 0.
        let folder = try TemporaryDirectory()
        let result = try Hostile.run("frame-sample", [Hostile.fixture("trunc_1k.ts"), "--out", folder.path])
        #expect(result.status == 65)
        #expect(result.errors.hasSuffix("frame-sample: \(Hostile.fixture("trunc_1k.ts")): no picture could be decoded: not one keyframe in the input (truncated or damaged)\n"))
        #expect(result.output.isEmpty)
    }
}

/// Stream time that jumps more than a day is a discontinuity, not a new origin of time.
@Suite struct HostileTimeJumpTests {
    @Test func aSegmentSaidToStartYearsLaterGoesOnFromWhereTheStreamWas() throws {
        let folder = try TemporaryDirectory()
        let first = try Hostile.video(folder.file("a.ts"), seconds: 2)
        let second = try Hostile.video(folder.file("b.ts"), seconds: 2)
        let input = [#"{"type":"segment","seq":0,"path":"\#(first)","start":0.0,"duration":2.0}"#,
                     #"{"type":"segment","seq":1,"path":"\#(second)","start":500000000.0,"duration":2.0}"#].joined(separator: "\n") + "\n"
        let result = try Hostile.run("frame-sample", ["--every", "1", "--out", folder.file("fr")], input: input, seconds: 60)
        #expect(result.status == 65)
        #expect(result.errors.contains("\(second) at 2.0 s: said to start at 500000000.0 s, more than a day past the stream: taken as a discontinuity going on from there, not as a new origin of time"),
                "\(result.errors)")
        let times = try jsonLines(result.output).filter { $0["type"] as? String == "frame" }.compactMap { $0["t"] as? Double }
        #expect(times == [0, 1, 2, 3])
    }
}
