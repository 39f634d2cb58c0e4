import Foundation
import Glibc
import ReelCore
import ReelTestSupport
import Testing

@Suite struct ToolRunTests {
    /// Runs forEachRecord over `inputs`, returning the records seen, stdout, stderr and the first
    /// failure.
    func run(_ inputs: [String], strict: Bool = false, stdin: String? = nil)
        throws -> (records: [Record], output: String, errors: String, failure: FailureKind?, stopped: Bool)
    {
        let out = TestPipe(), err = TestPipe()
        let run = ToolRun(name: "tool", strict: strict, output: out.writeEnd, errors: err.writeEnd)
        var seen: [Record] = []
        var stopped = false
        do {
            try run.forEachRecord(in: inputs) { record in
                seen.append(record)
                try run.output.write(record)
            }
        } catch is StopRun {
            stopped = true
        }
        out.closeWriter()
        err.closeWriter()
        return (seen, out.readAll(), err.readAll(), run.diagnostics.firstFailure, stopped)
    }

    @Test func malformedLinesAreReportedWithFileAndLineAndSkipped() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("in.ndjson")
        let lines: [[UInt8]] = [
            Array(#"{"type":"frame","t":0}"#.utf8),
            Array(#"{"type":"frame","t":"#.utf8),
            Array("[1,2]".utf8),
            [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D],
            Array("   ".utf8),
            Array(#"{"type":"other","x":1.50}"#.utf8),
        ]
        try Data(lines.joined(separator: [0x0A]) + [0x0A]).write(to: URL(fileURLWithPath: path))
        let result = try run([path])
        #expect(result.records.map(\.type) == ["frame", "other"])
        #expect(result.output == "{\"type\":\"frame\",\"t\":0}\n{\"type\":\"other\",\"x\":1.50}\n")
        let messages = result.errors.split(separator: "\n").map(String.init)
        #expect(messages == [
            "tool: \(path):2: not valid JSON: unexpected end of text at byte 21",
            "tool: \(path):3: not a JSON object",
            "tool: \(path):4: not valid JSON: invalid UTF-8 in a string at byte 6",
        ])
        #expect(result.failure == .badInput)
    }

    @Test func strictStopsAtTheFirstMalformedLine() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("in.ndjson")
        try "{\"type\":\"a\"}\nnope\n{\"type\":\"b\"}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try run([path], strict: true)
        #expect(result.stopped)
        #expect(result.records.map(\.type) == ["a"])
        #expect(result.failure == .badInput)
    }

    @Test func aMissingInputIsReportedAndTheNextOneRead() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("in.ndjson")
        try "{\"type\":\"a\"}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try run([folder.file("missing.ndjson"), path])
        #expect(result.records.map(\.type) == ["a"])
        #expect(result.errors == "tool: \(folder.file("missing.ndjson")): No such file or directory\n")
        #expect(result.failure == .missingInput)
    }

    @Test func aDirectoryIsNotAnInput() throws {
        let folder = try TemporaryDirectory()
        let result = try run([folder.path])
        #expect(result.failure == .missingInput)
        #expect(result.errors.contains("Is a directory"))
    }

    @Test func writingToAClosedPipeThrowsOutputClosed() throws {
        signal(SIGPIPE, SIG_IGN)
        let pipe = TestPipe()
        pipe.closeReader()
        let writer = RecordWriter(descriptor: pipe.writeEnd)
        #expect(throws: OutputClosed.self) { try writer.write(Record(type: "frame")) }
    }
}
