/// What kind of failure a problem is, in the user's terms: the word every domain error carries
/// (`LocatedError.failure`) and `Diagnostics` remembers. No process exit codes here: the command
/// line (ReelCLI) decides which exit status each kind ends a tool with.
public enum FailureKind: Sendable, Hashable, CaseIterable {
    /// A failure that is none of the kinds below (an engine that cannot start, out of memory).
    case failed
    /// The tool was asked for something it cannot do: a bad option, argument, name, address or
    /// setting (the user should change the command line or its configuration).
    case badUsage
    /// Bad input data: malformed lines, corrupt media, records missing fields, a refused answer.
    case badInput
    /// An input file is missing or unreadable.
    case missingInput
    /// A service or resource is unavailable (network, a server, tessdata).
    case unavailable
    /// Reading or writing a file or stream failed at the system level (a disk full, a folder
    /// where a file should be, a lost device): mostly writing output.
    case ioFailed
}
