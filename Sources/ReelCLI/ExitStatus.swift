/// The exit statuses every reel tool uses (from BSD's sysexits.h), documented in each man page.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// All input handled.
    case success = 0
    /// A failure that is not one of the kinds below.
    case failure = 1
    /// Bad command line.
    case usage = 64
    /// Bad input data: malformed lines, corrupt media, records missing fields.
    case dataError = 65
    /// An input file is missing or unreadable.
    case noInput = 66
    /// A service or resource is unavailable (network, tessdata).
    case unavailable = 69
    /// An I/O error writing output.
    case ioError = 74
}
