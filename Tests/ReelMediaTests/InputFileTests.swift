import Foundation
import ReelCore
import ReelMedia
import ReelTestSupport
import Testing

@Suite struct InputFileTests {
    /// Makes a short H.264 (+ AAC) file with the ffmpeg CLI.
    func makeVideo(_ folder: TemporaryDirectory, name: String, seconds: Int = 2, size: String = "320x240",
                   fps: Int = 25) throws -> String {
        let path = folder.file(name)
        let result = try Subprocess.run("ffmpeg", [
            "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=\(size):r=\(fps):d=\(seconds)",
            "-f", "lavfi", "-i", "sine=f=440:sample_rate=48000:d=\(seconds)",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", path,
        ])
        guard result.status == 0 else { throw TestSetupError(result.errors) }
        return path
    }

    @Test func reportsDurationAndCodecsOfAnMPEGTSFile() throws {
        let folder = try TemporaryDirectory()
        let info = try InputFile(path: try makeVideo(folder, name: "clip.ts")).info
        #expect(info.formatName == "mpegts")
        let duration = try #require(info.duration)
        #expect(abs(duration - 2.0) < 0.1)
        let video = try #require(info.video)
        #expect(video.codec == "h264")
        #expect(video.width == 320 && video.height == 240)
        #expect(abs((video.frameRate ?? 0) - 25) < 0.01)
        let audio = try #require(info.audio)
        #expect(audio.codec == "aac")
        #expect(audio.sampleRate == 48000)
    }

    @Test func readsMP4Too() throws {
        let folder = try TemporaryDirectory()
        let info = try InputFile(path: try makeVideo(folder, name: "clip.mp4", seconds: 3, size: "640x360", fps: 30)).info
        #expect(info.formatName.contains("mp4"))
        #expect(abs((info.duration ?? 0) - 3.0) < 0.1)
        #expect(info.video?.codec == "h264")
        #expect(info.video?.width == 640)
    }

    @Test func aFileThatIsNotVideoIsBadData() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("notes.ts")
        try Data(repeating: 0x41, count: 5000).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: MediaError.self) { try InputFile(path: path) }
        #expect(error?.failure == .badInput)
        #expect(error?.description.hasPrefix(path + ": cannot") == true)
    }

    @Test func aMissingFileIsMissingInput() throws {
        let error = #expect(throws: MediaError.self) { try InputFile(path: "/nonexistent/stream.ts") }
        #expect(error?.failure == .missingInput)
    }

    @Test func namesAreLocalFilesNeverProtocols() throws {
        // A URL or a protocol name is taken as a (missing) local file, never fetched or run.
        for name in ["http://127.0.0.1:9/x.ts", "concat:/etc/passwd|/etc/hosts", "subfile,,start,0,end,10,,:/etc/passwd"] {
            let error = #expect(throws: MediaError.self) { try InputFile(path: name) }
            #expect(error?.failure == .missingInput)
        }
    }
}
