import Foundation
import ReelTestSupport
import Testing

/// Progress as a person at a terminal sees it: through a pseudo-terminal (util-linux `script`),
/// one style for every tool, a last line that is true, and one stage drawing in a pipeline.
@Suite struct ProgressTests {
    /// Runs a shell command with its stderr (and whatever else is not redirected) on a
    /// pseudo-terminal; returns what the terminal showed, carriage returns as line ends.
    func onTerminal(_ command: String, environment: [String: String] = [:]) throws -> (shown: [String], status: Int32) {
        let result = try Subprocess.run("script", ["-qec", command, "/dev/null"], environment: environment)
        let shown = result.output.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n").replacingOccurrences(of: "\u{1B}[K", with: "")
            .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        return (shown, result.status)
    }

    func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @Test func frameSampleShowsHowFarOfHowMuchAndEndsTrue() throws {
        let stream = try SyntheticStreams.make("football", duration: 180, seed: 1)
        let folder = try TemporaryDirectory()
        let records = folder.file("frames.ndjson")
        let (shown, status) = try onTerminal(
            "\(quoted(Repository.tool("frame-sample"))) \(quoted(stream.video)) --every 5 --out \(quoted(folder.file("f"))) > \(quoted(records))")
        #expect(status == 0, "\(shown)")
        let frames = try String(contentsOfFile: records, encoding: .utf8).split(separator: "\n").count
        let lines = shown.filter { $0.hasPrefix("frame-sample: ") }
        #expect(lines.count >= 1, "\(shown)")
        // Every line: stream seconds of the file's length, with a percentage.
        #expect(lines.allSatisfy { $0.range(of: #"^frame-sample: [0-9.]+ of 180 s \([0-9]+%\)"#, options: .regularExpression) != nil },
                "\(lines)")
        // The last one is true: every frame written, and the time it took.
        let last = try #require(lines.last)
        #expect(last.hasSuffix(", \(frames) frames"), "\(last)")
        #expect(last.range(of: #" in [0-9.]+ s"#, options: .regularExpression) != nil, "\(last)")
    }

    @Test func inAPipelineOnlyTheFirstStageDrawsUnlessOneIsNamed() throws {
        let stream = try SyntheticStreams.make("football", duration: 180, seed: 1)
        let folder = try TemporaryDirectory()
        let pipeline = "\(quoted(Repository.tool("frame-sample"))) \(quoted(stream.video)) --every 10 --crop score=0,0,0.5,0.12 "
            + "--out \(quoted(folder.file("f"))) | \(quoted(Repository.tool("ocr-frame"))) > /dev/null"
        let first = try onTerminal(pipeline)
        #expect(first.status == 0, "\(first.shown)")
        #expect(first.shown.contains { $0.hasPrefix("frame-sample: ") }, "\(first.shown)")
        #expect(!first.shown.contains { $0.hasPrefix("ocr-frame: ") }, "\(first.shown)")

        let named = try onTerminal(pipeline, environment: ["REEL_PROGRESS": "ocr-frame"])
        #expect(named.status == 0, "\(named.shown)")
        #expect(!named.shown.contains { $0.hasPrefix("frame-sample: ") }, "\(named.shown)")
        let last = try #require(named.shown.last { $0.hasPrefix("ocr-frame: ") }, "\(named.shown)")
        #expect(last.hasPrefix("ocr-frame: 18 frames in "), "\(last)")
    }

    @Test func aToolThatSaysNothingOfItsOwnCountsRecords() throws {
        let folder = try TemporaryDirectory()
        let input = folder.file("events.ndjson")
        try (1...5).map { #"{"type":"frame","t":\#($0)}"# }.joined(separator: "\n").appending("\n")
            .write(toFile: input, atomically: true, encoding: .utf8)
        let (shown, status) = try onTerminal("\(quoted(Repository.tool("event-detect"))) --profile football < \(quoted(input)) > /dev/null")
        #expect(status == 0, "\(shown)")
        let last = try #require(shown.last, "\(shown)")
        #expect(last.hasPrefix("event-detect: 5 records in "), "\(last)")
    }

    @Test func offATerminalNothingUnlessAsked() throws {
        let stream = try SyntheticStreams.make("football", duration: 180, seed: 1)
        let folder = try TemporaryDirectory()
        let quiet = try Tools.run("frame-sample", [stream.video, "--every", "30", "--out", folder.file("a")])
        #expect(quiet.status == 0 && quiet.errors.isEmpty, "\(quiet.errors)")
        let asked = try Tools.run("frame-sample", [stream.video, "--every", "30", "--out", folder.file("b"), "--progress"])
        #expect(asked.status == 0)
        // One line at a time in a log, the last one true.
        let lines = asked.errors.split(separator: "\n").map(String.init)
        #expect(lines.last?.hasPrefix("frame-sample: ") == true && lines.last?.hasSuffix(", 6 frames") == true, "\(lines)")
    }

    @Test func hlsFetchCountsAVODsSegmentsOfAllAndEndsAtAll() throws {
        let site = try TemporaryDirectory()
        let playlist = try HLSFetchTests.hls(site.file("vod"))
        let count = try HLSFetchTests.entries(playlist).count
        let server = try StaticFileServer(root: site.path)
        let out = try TemporaryDirectory()
        // hls-fetch | frame-sample: the first stage draws, the second does not.
        let (shown, status) = try onTerminal(
            "\(quoted(Repository.tool("hls-fetch"))) \(server.url)/vod/index.m3u8 --out \(quoted(out.file("seg"))) | "
                + "\(quoted(Repository.tool("frame-sample"))) --every 4 --out \(quoted(out.file("f"))) > /dev/null")
        #expect(status == 0, "\(shown)")
        #expect(!shown.contains { $0.hasPrefix("frame-sample: ") }, "\(shown)")
        let lines = shown.filter { $0.hasPrefix("hls-fetch: ") }
        let last = try #require(lines.last, "\(shown)")
        #expect(last.hasPrefix("hls-fetch: \(count) of \(count) segments (100%) in "), "\(last)")
        #expect(last.hasSuffix(" MiB"), "\(last)")
    }
}
