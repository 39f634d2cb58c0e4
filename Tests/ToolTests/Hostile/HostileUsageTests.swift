import Foundation
import ReelTestSupport
import Testing

/// Usage errors are one line, `tool: where: what`, and exit 64, not ArgumentParser's
/// `Error: ...` and usage screen.
@Suite struct HostileUsageTests {
    static let tools = ["hls-fetch", "frame-sample", "event-detect", "clip-cut", "compile-clips", "hook-post",
                        "clip-find", "clip-bin", "clip-review"]

    @Test(arguments: tools)
    func anUnknownOptionIsOneLine(_ tool: String) throws {
        let result = try Hostile.run(tool, ["--no-such-option"])
        #expect(result.status == 64)
        let lines = Hostile.messages(result)
        #expect(lines.count == 1, "\(result.errors)")
        #expect(lines.first?.hasPrefix("\(tool): command line: ") == true, "\(result.errors)")
        #expect(!result.errors.contains("Error:"))
    }

    @Test(arguments: [
        ("frame-sample", ["--no-such-option"], "frame-sample: command line: Unknown option '--no-such-option'"),
        ("frame-sample", ["--every", "0"], "frame-sample: --every: 0.0 s is out of range (0.001 s, one frame at 1000 fps, to 1e9 s)"),
        ("hls-fetch", ["--max-segment-size", "8796093022208", "http://x/"], "hls-fetch: --max-segment-size: 8796093022208 MiB is out of range (1 to 65536)"),
        ("hook-post", ["--max-file-size", "1e13", "--webhook", "a=http://127.0.0.1:1/"], "hook-post: --max-file-size: 10000000000000.0 MiB is out of range (more than 0, up to 1048576)"),
        ("clip-cut", ["--after", "1e300"], "clip-cut: --before and --after: must be seconds from 0 to 86400"),
        ("frame-sample", ["--every", "abc"], "frame-sample: command line: The value 'abc' is invalid for '--every <seconds>'"),
    ])
    func anOptionOutOfRangeNamesItself(_ tool: String, _ arguments: [String], _ message: String) throws {
        let result = try Hostile.run(tool, arguments, input: "")
        #expect(result.status == 64)
        #expect(result.errors == message + "\n")
    }

    @Test func helpStillGoesToStdout() throws {
        let result = try Hostile.run("clip-cut", ["--help"])
        #expect(result.status == 0)
        #expect(result.output.contains("USAGE: clip-cut"))
    }
}
