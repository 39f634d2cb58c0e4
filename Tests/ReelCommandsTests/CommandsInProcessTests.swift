import Foundation
@testable import DigitClassifyTool
@testable import HLSFetchTool
import ReelCommands
import ReelCLI
import ReelCore
import ReelTestSupport
import Testing

/// The tools' commands run in this process: parsed from arguments, performed with a `ToolRun`
/// whose records go to a file, no executable started.
@Suite struct CommandsInProcessTests {
    /// The records a command writes when performed on its own run, and that run.
    func perform(_ command: some ToolCommand, in folder: TemporaryDirectory) throws -> (records: [String], run: ToolRun) {
        let path = folder.file("out.ndjson")
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let run = ToolRun(name: type(of: command).toolName, quiet: true, output: descriptor, errors: -1)
        try command.perform(run)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return (text.split(separator: "\n").map(String.init), run)
    }

    @Test func digitClassifySaysWhyAFrameHasNoCount() throws {
        let folder = try TemporaryDirectory()
        let input = folder.file("in.ndjson")
        try (#"{"type":"frame","t":1,"w":100,"h":100,"kept":[1]}"# + "\n" + #"{"type":"event","kind":"goal"}"# + "\n")
            .write(toFile: input, atomically: true, encoding: .utf8)
        let command = try Classify.parse(["--profile", "br", input])
        let (records, run) = try perform(command, in: folder)
        #expect(records == [#"{"type":"frame","t":1,"w":100,"h":100,"kept":[1],"kills":null,"kills_reason":"no skull field (run skull-find first)"}"#,
                            #"{"type":"event","kind":"goal"}"#])
        #expect(run.diagnostics.firstFailure == nil)
    }

    @Test func aToolsOptionsAreCheckedWithoutRunningIt() {
        #expect(throws: (any Error).self) { try HLSFetch.parse(["--max-segment-size", "0", "https://example.invalid/a.m3u8"]) }
        #expect(HLSFetch.toolName == "hls-fetch")
    }

    @Test func everyReelToolIsInstalledByTheMakefile() throws {
        let makefile = try String(contentsOf: Repository.root.appendingPathComponent("Makefile"), encoding: .utf8)
        for tool in ReelTool.allCases {
            #expect(makefile.contains(" \(tool.rawValue)"), "\(tool.rawValue) not in the Makefile's TOOLS")
        }
    }
}
