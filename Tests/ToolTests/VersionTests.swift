import Foundation
import ReelCore
import ReelTestSupport
import Testing

/// `--version` on every tool and pipeline script: the one version of ReelCore, status 0.
@Suite struct VersionTests {
    static let tools = ["hls-fetch", "frame-sample", "ocr-frame", "skull-find", "digit-classify", "event-detect", "clip-cut",
                        "compile-clips", "hook-post", "clip-find", "clip-bin", "clip-review"]
    static let scripts = ["read-events", "br-best-match", "football-goals", "compilation"]

    @Test(arguments: tools)
    func everyToolSaysItsVersion(_ tool: String) throws {
        let result = try Tools.run(tool, ["--version"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == ReelVersion.string + "\n")
    }

    @Test(arguments: scripts)
    func everyPipelineScriptSaysTheSameVersion(_ script: String) throws {
        let bin = URL(fileURLWithPath: Repository.tool("event-detect")).deletingLastPathComponent().path
        let result = try Subprocess.run(Repository.script(script), ["--version"], environment: ["REEL_BIN": bin])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == ReelVersion.string + "\n")
    }

    @Test func theManualPagesSayItToo() throws {
        let folder = Repository.root.appendingPathComponent("man")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            let page = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(page.contains("\"reel \(ReelVersion.string)\""), "\(name)")
        }
    }
}
