import Foundation
import ReelTestSupport
import Testing

/// The pipeline scripts hand only local files to ffmpeg and ffprobe.
@Suite struct HostileScriptTests {
    @Test func aClipPathThatIsAURLIsAnErrorNotARequest() throws {
        let server = try StaticFileServer(root: "/nonexistent")
        let folder = try TemporaryDirectory()
        try (#"{"type":"clip","path":"\#(server.url)/x.mp4"}"# + "\n").write(toFile: folder.file("clips.ndjson"), atomically: true, encoding: .utf8)
        let result = try Subprocess.run(Repository.script("compilation"), [folder.file("clips.ndjson"), folder.file("out.mp4")],
                                        environment: ["REEL_BIN": Repository.tool("compile-clips").replacingOccurrences(of: "/compile-clips", with: "")],
                                        timeout: 120)
        #expect(result.status == 65)
        #expect(result.errors == "compilation: \(folder.file("clips.ndjson")): the clip path \(server.url)/x.mp4 is a URL, not a local file\n")
        #expect(server.requests.isEmpty, "nothing was asked of the server")
    }

    @Test func anMPEGTSFirstClipMakesItsCards() throws {
        // F21: the first kept clip in MPEG-TS (clip-cut --format ts) broke the card's size.
        let folder = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder.file("media"), withIntermediateDirectories: true)
        try Hostile.video(folder.file("media/small.ts"), seconds: 2)
        try Hostile.video(folder.file("media/a-0.mp4"), seconds: 2)
        try (#"{"type":"clip","path":"./media/small.ts"}"# + "\n" + #"{"type":"clip","path":"./media/a-0.mp4"}"# + "\n")
            .write(toFile: folder.file("clips.ndjson"), atomically: true, encoding: .utf8)
        let result = try Subprocess.run(Repository.script("compilation"), ["clips.ndjson", "out.mp4"],
                                        environment: ["REEL_BIN": Repository.tool("compile-clips").replacingOccurrences(of: "/compile-clips", with: "")],
                                        directory: folder.path, timeout: 300)
        #expect(result.status == 0, "\(result.errors)")
        let record = try #require(try jsonLines(result.output).first)
        #expect(record["type"] as? String == "compilation")
        #expect(try Media.streams(of: folder.file("out.mp4")).contains { $0.kind == "video" })
    }
}
