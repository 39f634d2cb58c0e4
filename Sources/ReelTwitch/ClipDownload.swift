import Glibc
import ReelCore
import ReelHTTP

/// Downloads one MP4 (a Twitch clip's signed URL) to a file: written as `PATH.part`, continued
/// with a Range request after an interruption, retried with backoff on transient failures,
/// renamed when complete.
public struct ClipDownload: Sendable {
    public var http = HTTPOptions()
    /// Attempts after the first.
    public var retries = 4
    /// The largest file accepted.
    public var maximumSize = 2 << 30

    public init() {}

    /// Downloads `url` to `path`; returns its size. `name` names the clip in messages (the URL
    /// holds secrets and is never printed).
    @discardableResult
    public func fetch(_ url: String, to path: String, name: String) throws -> Int {
        var options = http
        options.maximumBodySize = maximumSize
        let client = try HTTPClient(options: options)
        let partial = path + ".part"
        var attempt = 0
        while true {
            let outcome = try client.send(TransferJob(HTTPRequest(url: url), sink: .file(partial)))
            switch outcome.result {
            case .success(let response) where (200..<300).contains(response.status):
                try AtomicFile.moveIntoPlace(partial, to: path)
                return outcome.bytes
            case .success(let response):
                let transient = response.status >= 500 || response.status == 408 || response.status == 429
                guard transient, attempt < retries else {
                    throw ToolError("clip download: HTTP \(response.status)", at: name, failure: .unavailable)
                }
            case .failure(let error):
                guard error.isTransient, attempt < retries else {
                    throw ToolError("clip download: \(error.reason)", at: name, failure: error.failure)
                }
            }
            attempt += 1
            usleep(UInt32(saturating: min(8.0, 0.5 * Double(1 << min(attempt, 8))) * 1_000_000))
        }
    }
}
