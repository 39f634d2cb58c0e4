import Foundation
import ReelTestSupport
import ReelVision
import Testing

/// frame-sample end to end: the built tool on synthetic streams, checked against the ffmpeg CLI.
@Suite(.serialized) struct FrameSampleTests {
    static func football() throws -> SyntheticStream { try SyntheticStreams.make("football", duration: 180, seed: 1) }
    static func mp4() throws -> SyntheticStream {
        try SyntheticStreams.make("football", duration: 60, fps: 60, seed: 5,
                                  options: ["--gop", "3", "--format", "mp4", "--audio", "no"])
    }

    /// The frame records frame-sample writes (segment and other records pass through too).
    func sample(_ arguments: [String], input: String? = nil) throws -> (records: [[String: Any]], result: ProcessResult) {
        let result = try Tools.run("frame-sample", arguments, input: input)
        return (try jsonLines(result.output).filter { $0["type"] as? String == "frame" }, result)
    }

    func pixels(_ path: String) throws -> Data {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        return Data(try PNM.decode(bytes, source: path).samples)
    }

    func crop(_ record: [String: Any], _ name: String) -> [String: Any] {
        ((record["crops"] as? [String: Any])?[name] as? [String: Any]) ?? [:]
    }

    @Test func pngCropsHoldTheSamePixelsAsPNMOnes() throws {
        let stream = try Self.football()
        let folder = try TemporaryDirectory()
        for (format, box) in [("ppm", "board=0,0,0.5,0.12"), ("pgm", "board=0,0,0.5,0.12")] {
            let color = format == "ppm"
            let (pnm, _) = try sample([stream.video, "--every", "30", "--crop", box, "--image-format", format,
                                       "--out", folder.file(format)])
            let (png, result) = try sample([stream.video, "--every", "30", "--crop", box, "--image-format", "png"]
                                           + (color ? ["--rgb"] : []) + ["--out", folder.file(format + "-png")])
            #expect(result.status == 0, "\(result.errors)")
            try #require(png.count == pnm.count && !png.isEmpty)
            for (a, b) in zip(pnm, png) {
                let pngPath = try #require(crop(b, "board")["path"] as? String)
                #expect(pngPath.hasSuffix(".png"))
                let pnmPath = try #require(crop(a, "board")["path"] as? String)
                if color {
                    #expect(try ImageFile.readRGB(path: pngPath) == ImageFile.readRGB(path: pnmPath))
                } else {
                    #expect(try ImageFile.readGray(path: pngPath) == ImageFile.readGray(path: pnmPath))
                }
            }
        }
    }

    @Test func keyModePicksTheFirstKeyframeAtOrAfterEachTarget() throws {
        let stream = try Self.football()
        let out = try TemporaryDirectory()
        let (records, result) = try sample([stream.video, "--every", "3", "--out", out.path])
        #expect(result.status == 0, "\(result.errors)")
        let keyframes = try Media.keyframeTimes(of: stream.video)
        let first = keyframes[0]
        let expected = stride(from: 0.0, through: 179.0, by: 3).compactMap { target in
            keyframes.first { $0 - first >= target - 1e-6 }.map { $0 - first }
        }
        let times = records.compactMap { $0["t"] as? Double }
        #expect(times.count == Set(expected).count)
        #expect(zip(times, Array(NSOrderedSet(array: expected)) as? [Double] ?? []).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(records.allSatisfy { $0["key"] as? Bool == true && $0["w"] as? Int == 1280 && $0["h"] as? Int == 720 })
        #expect(records.allSatisfy { abs(($0["pts"] as? Double ?? 0) - ($0["t"] as? Double ?? 0) - first) < 1e-4 })
    }

    @Test(arguments: [("gray", "hud=0.6,0,0.4,0.12"), ("rgb24", "board=20,14,300,50")])
    func exactModeIsPixelIdenticalToTheFFmpegCLI(format: String, cropArgument: String) throws {
        let stream = try Self.football()
        let out = try TemporaryDirectory()
        var arguments = [stream.video, "--mode", "exact", "--every", "2.7", "--end", "90", "--crop", cropArgument, "--out", out.path]
        if format == "rgb24" { arguments.append("--rgb") }
        let (records, result) = try sample(arguments)
        #expect(result.status == 0, "\(result.errors)")
        #expect(records.count == 34)
        let name = String(cropArgument.split(separator: "=")[0])
        let box = crop(records[0], name)["box"] as? [Int] ?? []
        let indices = records.map { Int((($0["t"] as? Double ?? 0) * 30).rounded()) }
        // The frame shown at t is the last one at or before it.
        let shown: [Int] = stride(from: 0.0, through: 90.0, by: 2.7).map { (target: Double) -> Int in
            Int((target * 30.0 + 1e-6).rounded(.down))
        }
        #expect(indices == shown)
        let reference = try Media.frames(of: stream.video, at: indices, crop: box, pixelFormat: format)
        for (record, index) in zip(records, indices) {
            let path = crop(record, name)["path"] as? String ?? ""
            #expect(try pixels(path) == reference[index], "frame \(index)")
        }
        #expect(records.contains { $0["key"] as? Bool == false }, "frames between keyframes were sampled")
    }

    @Test func mp4At60FPSIsExactToo() throws {
        let stream = try Self.mp4()
        let out = try TemporaryDirectory()
        let (records, result) = try sample([stream.video, "--mode", "exact", "--every", "1.3", "--crop", "s=0.5,0.5,0.25,0.25", "--out", out.path])
        #expect(result.status == 0, "\(result.errors)")
        #expect(records.count == Int((stream.duration / 1.3).rounded(.up)))
        let indices = records.map { Int((($0["t"] as? Double ?? 0) * 60).rounded()) }
        let box = crop(records[0], "s")["box"] as? [Int] ?? []
        #expect(box == [640, 360, 320, 180])
        let reference = try Media.frames(of: stream.video, at: indices, crop: box)
        for (record, index) in zip(records, indices) {
            #expect(try pixels(crop(record, "s")["path"] as? String ?? "") == reference[index], "frame \(index)")
        }
    }

    @Test func cropsInPixelsAreAlignedAndScaled() throws {
        let stream = try Self.football()
        let out = try TemporaryDirectory()
        let (records, result) = try sample([stream.video, "--at", "10", "--crop", "a=101,51,200,100", "--crop",
                                            "b=0,0,1,0.5", "--scale", "32", "--out", out.path])
        #expect(result.status == 0, "\(result.errors)")
        let record = try #require(records.first)
        #expect(crop(record, "a")["box"] as? [Int] == [100, 50, 200, 100])
        #expect(crop(record, "a")["size"] as? [Int] == [64, 32])
        #expect(crop(record, "b")["box"] as? [Int] == [0, 0, 1280, 360])
        #expect(crop(record, "b")["size"] as? [Int] == [114, 32])
        #expect(crop(record, "a")["path"] as? String == out.path + "/a/000010000.pgm")
        let image = try ImageFile.readGray(path: out.path + "/b/000010000.pgm")
        #expect(image.width == 114 && image.height == 32)
    }

    @Test func segmentsGiveTheSameTimesAndPixelsAsTheWholeFile() throws {
        let stream = try Self.football()
        let folder = try TemporaryDirectory()
        let segments = try Media.segments(of: stream.video, seconds: 2, in: folder.path)
        #expect(segments.count >= 80)
        let input = try segments.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            .joined(separator: "\n") + "\n"
        let whole = try sample([stream.video, "--mode", "exact", "--every", "2.5", "--out", folder.file("whole")])
        let cut = try sample(["--mode", "exact", "--every", "2.5", "--out", folder.file("cut")], input: input)
        #expect(cut.result.status == 0, "\(cut.result.errors)")
        #expect(cut.records.count == whole.records.count)
        for (a, b) in zip(whole.records, cut.records) {
            #expect(abs((a["t"] as? Double ?? -1) - (b["t"] as? Double ?? -2)) < 1e-6)
            #expect(try pixels(crop(a, "full")["path"] as? String ?? "") == pixels(crop(b, "full")["path"] as? String ?? ""))
        }
        #expect((cut.records.last?["source"] as? String)?.hasSuffix(".ts") == true)
        // Each segment record follows its frames, so tools downstream (clip-cut) get it too.
        let lines = try jsonLines(cut.result.output)
        #expect(lines.filter { $0["type"] as? String == "segment" }.count == segments.count)
        if let firstSegment = lines.firstIndex(where: { $0["type"] as? String == "segment" }) {
            #expect(lines[..<firstSegment].allSatisfy { ($0["t"] as? Double ?? 99) < 2 })
        }
    }

    @Test(arguments: ["key", "exact"])
    func segmentRecordsAreHandledAsTheyArrive(mode: String) throws {
        let stream = try Self.football()
        let folder = try TemporaryDirectory()
        let segments = try Media.segments(of: stream.video, seconds: 2, in: folder.path)
        let tool = try InteractiveProcess(Repository.tool("frame-sample"), ["--mode", mode, "--every", "0.5", "--out", folder.file("f")])
        defer { tool.kill() }
        for (index, segment) in segments.prefix(3).enumerated() {
            try tool.send(String(decoding: try JSONSerialization.data(withJSONObject: segment), as: UTF8.self))
            // The frames of this segment come out before the next segment is written: in exact
            // mode up to its last target, in key mode up to its keyframe (later targets wait for
            // the next segment's keyframe).
            let start = segment["start"] as? Double ?? 0, end = start + (segment["duration"] as? Double ?? 0)
            let wanted = mode == "key" ? start : end - 0.5
            let lines = tool.wait(timeout: 20) { lines in
                ((try? jsonLines(lines.joined(separator: "\n"))) ?? []).contains { ($0["t"] as? Double ?? -1) >= wanted - 1e-6 }
            }
            let times = ((try? jsonLines(lines.joined(separator: "\n"))) ?? []).compactMap { $0["t"] as? Double }
            #expect(times.contains { $0 >= wanted - 1e-6 }, "segment \(index): frames up to \(wanted) before the next segment")
        }
        try tool.closeInput()
        #expect(tool.finish() == 0)
    }

    @Test func aDiscontinuityStartsAtTheRecordsStart() throws {
        let stream = try Self.football()
        let folder = try TemporaryDirectory()
        let segments = try Media.segments(of: stream.video, seconds: 2, in: folder.path)
        // Segments 0-4, then segment 40 again, marked as a discontinuity at stream time 10.
        var records = Array(segments[0..<5])
        var jump = segments[40]
        jump["start"] = 10.0
        jump["discontinuity"] = true
        records.append(jump)
        let input = try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            .joined(separator: "\n") + "\n"
        let (frames, result) = try sample(["--every", "1", "--out", folder.file("f")], input: input)
        #expect(result.status == 0, "\(result.errors)")
        let times = frames.compactMap { $0["t"] as? Double }
        #expect(times == [0, 2, 4, 6, 8, 10])
        #expect((frames.last?["pts"] as? Double ?? 0) > 80)
    }

    @Test func otherRecordsPassThroughAndMalformedLinesAreReported() throws {
        let stream = try Self.football()
        let folder = try TemporaryDirectory()
        let segments = try Media.segments(of: stream.video, seconds: 2, in: folder.path)
        let event = #"{"type":"event","kind":"goal","t":12.50,"x":{"y":[1,2]}}"#
        let segment = String(decoding: try JSONSerialization.data(withJSONObject: segments[0]), as: UTF8.self)
        let input = [event, "{not json", segment, #"{"type":"segment","seq":9,"start":2.0,"path":"missing.ts"}"#].joined(separator: "\n") + "\n"
        let (records, result) = try sample(["--every", "1", "--out", folder.file("f")], input: input)
        #expect(result.output.hasPrefix(event + "\n"), "unknown records pass byte for byte")
        #expect(records.filter { $0["type"] as? String == "frame" }.count == 1)
        #expect(result.errors.contains("frame-sample: stdin:2: not valid JSON"))
        #expect(result.errors.contains("frame-sample: missing.ts: cannot open: No such file or directory"))
        #expect(result.status == 65, "the first problem was the malformed line")
    }

    @Test func aMissingSegmentIsStatus66AndTheRestIsSampled() throws {
        let stream = try Self.football()
        let folder = try TemporaryDirectory()
        var segments = try Media.segments(of: stream.video, seconds: 2, in: folder.path)
        segments[1]["path"] = folder.file("gone.ts")
        let input = try segments[0..<4].map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            .joined(separator: "\n") + "\n"
        let (records, result) = try sample(["--every", "2", "--out", folder.file("f")], input: input)
        #expect(result.status == 66)
        #expect(records.compactMap { $0["t"] as? Double } == [0, 4, 6])
    }

    @Test func damagedAndForeignFilesAreReportedAndTheRestIsDecoded() throws {
        let stream = try Self.football()
        let folder = try TemporaryDirectory()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: stream.video)))
        // Garbage over 400 KB in the middle, and the file cut short.
        var generator = SystemRandomNumberGenerator()
        let middle = bytes.count / 3
        for index in middle..<(middle + 400_000) { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        bytes = Array(bytes.prefix(bytes.count * 2 / 3))
        let damaged = folder.file("damaged.ts")
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        let notVideo = folder.file("notes.ts")
        try Data("just some notes\n".utf8).write(to: URL(fileURLWithPath: notVideo))
        let (records, result) = try sample([notVideo, damaged, "--mode", "exact", "--every", "5", "--out", folder.file("f")])
        #expect(result.errors.contains("frame-sample: \(notVideo): cannot open: Invalid data found when processing input"))
        #expect(result.errors.contains("frame-sample: \(damaged) at "), "the damage is reported with file and time")
        #expect(result.errors.contains("damaged data"))
        #expect(result.status == 65)
        let times = records.compactMap { $0["t"] as? Double }
        #expect(times.count >= 20, "frames before and after the damage")
        #expect((times.last ?? 0) > 100)
    }

    @Test func atRecordsSampleWhereOtherToolsAsk() throws {
        let stream = try Self.football()
        let folder = try TemporaryDirectory()
        let input = #"{"type":"event","kind":"goal","t":28.5}"# + "\n" + #"{"type":"event","kind":"goal","t":107.4}"# + "\n"
        let result = try Tools.run("frame-sample", [stream.video, "--at-records", "--mode", "exact", "--out", folder.path], input: input)
        let records = try jsonLines(result.output)
        #expect(result.status == 0, "\(result.errors)")
        #expect(records.map { $0["type"] as? String } == ["event", "event", "frame", "frame"])
        #expect(records.compactMap { $0["t"] as? Double } == [28.5, 107.4, 28.5, 107.4])
    }

    @Test func stopsQuietlyWhenTheReaderGoesAway() throws {
        let stream = try Self.football()
        let folder = try TemporaryDirectory()
        let result = try Subprocess.run("/bin/sh", ["-c", "'\(Repository.tool("frame-sample"))' '\(stream.video)' --every 1 --out '\(folder.path)' | head -n 2; echo \"status=${PIPESTATUS:-$?}\""])
        #expect(result.lines.count == 3)
        #expect(result.errors.isEmpty)
    }

    @Test func usageErrorsAreStatus64() throws {
        let result = try Tools.run("frame-sample", ["--every", "0"])
        #expect(result.status == 64)
        #expect(result.errors.hasPrefix("frame-sample: --every: "))
        let help = try Tools.run("frame-sample", ["--help"])
        #expect(help.status == 0 && help.output.contains("--mode"))
    }
}
