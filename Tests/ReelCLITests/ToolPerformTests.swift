import ArgumentParser
import ReelCLI
import ReelCore
import Testing

/// `ToolRun.perform`: the exit status a run ends with.
@Suite struct ToolPerformTests {
    @Test func performEndsWithTheStatusOfTheFirstError() throws {
        var status: Int32?
        do {
            try ToolRun.perform("tool", options: try ConventionOptions.parse(["--quiet"])) { _ in
                throw ToolError("cannot reach the service", at: "https://example.invalid/x", failure: .unavailable)
            }
        } catch let exit as ExitCode {
            status = exit.rawValue
        }
        #expect(status == 69)
    }

    @Test func theFirstFailureReportedDecidesNotALaterOne() throws {
        var status: Int32?
        do {
            try ToolRun.perform("tool", options: try ConventionOptions.parse(["--quiet"])) { run in
                run.diagnostics.error("no such file", at: "a.ndjson", failure: .missingInput)
                throw ToolError("cannot write", at: "out.mp4", failure: .ioFailed)
            }
        } catch let exit as ExitCode {
            status = exit.rawValue
        }
        #expect(status == 66)
    }

    @Test func anErrorOfNoKnownKindEndsWithFailure() throws {
        struct Unexpected: Error {}
        var status: Int32?
        do {
            try ToolRun.perform("tool", options: try ConventionOptions.parse(["--quiet"])) { _ in throw Unexpected() }
        } catch let exit as ExitCode {
            status = exit.rawValue
        }
        #expect(status == 1)
    }

    @Test func performTreatsALostReaderAsSuccess() throws {
        var status: Int32?
        do {
            try ToolRun.perform("tool", options: try ConventionOptions.parse(["--quiet"])) { _ in throw OutputClosed() }
        } catch let exit as ExitCode {
            status = exit.rawValue
        }
        #expect(status == 0)
    }
}
