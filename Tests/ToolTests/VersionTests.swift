import Foundation
import ReelCore
import ReelTestSupport
import Testing

/// `--version` on every tool and pipeline script: the one version of ReelCore, status 0.
@Suite struct VersionTests {
    static let tools = ["hls-fetch", "frame-sample", "ocr-frame", "skull-find", "digit-classify", "event-detect", "clip-cut",
                        "compile-clips", "hook-post", "clip-find", "clip-bin", "clip-review", "records-pub", "bus-lease"]
    static let scripts = ["read-events", "br-best-match", "football-goals", "compilation", "reel-report", "spark-batch", "reel-watch"]

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

    @Test(arguments: scripts)
    func anInstalledScriptsHelpNamesItAsItIsRun(_ script: String) throws {
        // As `make install` lays them out: PREFIX/lib/reel/SCRIPT and a link PREFIX/bin/SCRIPT.
        let prefix = try TemporaryDirectory()
        let lib = prefix.file("lib/reel"), bin = prefix.file("bin")
        try FileManager.default.createDirectory(atPath: lib, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        for file in [script, "pipeline-lib.sh"] {
            try FileManager.default.copyItem(atPath: Repository.script(file), toPath: lib + "/" + file)
        }
        try FileManager.default.createSymbolicLink(atPath: bin + "/" + script, withDestinationPath: "../lib/reel/" + script)
        let installed = try Subprocess.run(bin + "/" + script, ["--help"])
        #expect(installed.status == 0, "\(installed.errors)")
        #expect(installed.output.contains(script) && !installed.output.contains("scripts/"), "\(installed.output)")
        // In the repository it is run as scripts/SCRIPT, and says so.
        let here = try Subprocess.run(Repository.script(script), ["--help"])
        #expect(here.output.contains("scripts/" + script))
    }
}
