import ArgumentParser
import Glibc
import ReelCore

extension ToolRun {
    /// A run of `name` with the parsed common options; `recordsOnStdout` false discards the
    /// records (an output named `-` takes stdout).
    public convenience init(name: String, options: ConventionOptions, recordsOnStdout: Bool = true) {
        self.init(name: name, strict: options.strict, forceProgress: options.progress, quiet: options.quiet,
                  verbose: options.verbose, output: recordsOnStdout ? 1 : -1)
    }

    /// Runs `body` with the conventions in place and ends the process's command with the right
    /// status: a lost reader of stdout ends it quietly (0), a `LocatedError` is reported with its
    /// kind of failure, any other error is reported as `failed` (1); the status is then the one
    /// the first failure reported during the run maps to (`ExitStatus(_:)`; 0 when none).
    ///
    /// `recordsOnStdout` false discards the records: an output named `-` (a video, a
    /// concatenated stream) takes stdout instead.
    public static func perform(_ name: String, options: ConventionOptions, recordsOnStdout: Bool = true,
                               _ body: (ToolRun) throws -> Void) throws {
        // A closed pipe must not kill the process: writes then fail with EPIPE, handled below.
        signal(SIGPIPE, SIG_IGN)
        let run = ToolRun(name: name, options: options, recordsOnStdout: recordsOnStdout)
        do {
            try body(run)
        } catch is OutputClosed {
            throw ExitCode.success
        } catch let error as any LocatedError {
            run.diagnostics.error(error)
        } catch let error as ExitCode {
            throw error
        } catch let error as StopRun {
            _ = error
        } catch {
            run.diagnostics.error(ToolError("\(error)", failure: .failed))
        }
        run.progress.finish()
        throw ExitCode(ExitStatus(run.diagnostics.firstFailure).rawValue)
    }
}
