import Foundation
import ReelTestSupport

/// What the hostile-input tests share: the fixtures of Tests/Fixtures/hostile, small videos
/// made with the ffmpeg CLI, and tools run with bounds on time and memory.
enum Hostile {
    /// A fixture of Tests/Fixtures/hostile.
    static func fixture(_ name: String) -> String {
        Repository.fixture("hostile/" + name)
    }

    /// A fixture's text.
    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: fixture(name), encoding: .utf8)
    }

    /// A small video (`seconds` of 320x180 at 30 fps, a keyframe every second, AAC sound) made
    /// by the ffmpeg CLI at `path` (`.ts` or `.mp4`).
    @discardableResult
    static func video(_ path: String, seconds: Double = 6) throws -> String {
        let result = try Subprocess.run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x180:rate=30",
                                                   "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                                                   "-t", String(seconds), "-c:v", "libx264", "-g", "30", "-pix_fmt", "yuv420p",
                                                   "-c:a", "aac", "-ac", "2"] + (path.hasSuffix(".mp4") ? ["-movflags", "+faststart"] : [])
                                                  + [path])
        guard result.status == 0 else { throw TestSetupError("ffmpeg: \(result.errors)") }
        return path
    }

    /// Runs `tool` with `arguments` and `input`, at most `seconds` long and with at most
    /// `memory` MiB of address space (ulimit -v).
    static func run(_ tool: String, _ arguments: [String], input: String? = nil, directory: String? = nil,
                    seconds: Double = 120, memory: Int? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
        guard let memory else {
            return try Subprocess.run(Repository.tool(tool), arguments, input: input.map { Data($0.utf8) },
                                      environment: environment, directory: directory, timeout: seconds)
        }
        return try Subprocess.run("/bin/sh", ["-c", "ulimit -v \(memory * 1024) && exec \"$0\" \"$@\"", Repository.tool(tool)] + arguments,
                                  input: input.map { Data($0.utf8) }, environment: environment, directory: directory,
                                  timeout: seconds)
    }

    /// The stderr lines of a run.
    static func messages(_ result: ProcessResult) -> [String] {
        result.errors.split(separator: "\n").map(String.init)
    }
}
