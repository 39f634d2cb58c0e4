import ReelCore

/// The exit statuses every reel tool uses (from BSD's sysexits.h), documented in each man page.
/// The command line decides them: a run's first failure (`Diagnostics.firstFailure`) is mapped
/// here, in one place.
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

    /// The status a run ends with when `failure` was its first failure (`success` for none).
    public init(_ failure: FailureKind?) {
        switch failure {
        case nil: self = .success
        case .failed: self = .failure
        case .badUsage: self = .usage
        case .badInput: self = .dataError
        case .missingInput: self = .noInput
        case .unavailable: self = .unavailable
        case .ioFailed: self = .ioError
        }
    }
}
