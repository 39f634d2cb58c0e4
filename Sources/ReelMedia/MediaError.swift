import CFFmpeg
import ReelCore

/// A media failure: the file (or stream time) it concerns and libav's reason.
public struct MediaError: LocatedError, Sendable {
    /// The file, possibly with a time (`stream.ts at 12.3 s`).
    public var location: String?
    /// What failed, in words.
    public var reason: String
    /// What kind of failure it is (bad input for corrupt data by default, a missing input, ...).
    public var failure: FailureKind
    /// libav's error code, when the error came from libav.
    public var code: Int32?

    public init(_ reason: String, at location: String?, failure: FailureKind = .badInput) {
        self.reason = reason
        self.location = location?.isEmpty == true ? nil : location
        self.failure = failure
    }

    /// An error for libav's `code`, e.g. "Invalid data found when processing input".
    /// `failure` overrides the kind the code implies (missing input for ENOENT and EACCES, an
    /// I/O failure for EIO, bad input otherwise).
    public init(code: Int32, doing action: String, at location: String, failure: FailureKind? = nil) {
        let implied: FailureKind = code == reel_averror(ENOENT) || code == reel_averror(EACCES)
            ? .missingInput : code == reel_averror(EIO) ? .ioFailed : .badInput
        self.init("\(action): \(Self.message(for: code))", at: location, failure: failure ?? implied)
        self.code = code
    }

    /// The reader of the output went away (EPIPE): the tool stops quietly.
    public var isOutputClosed: Bool { code == reel_averror(EPIPE) }

    /// libav's message for an error code (av_strerror).
    public static func message(for code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        return buffer.withUnsafeMutableBufferPointer { pointer in
            guard let base = pointer.baseAddress else { return "libav error \(code)" }
            return String(cString: reel_av_error_string(code, base, pointer.count))
        }
    }
}
