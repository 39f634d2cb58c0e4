import CCurl
import Glibc
import ReelCore

/// HTTP and HTTPS requests over one libcurl easy handle (connections are reused).
///
/// Every URL is untrusted: only `http` and `https`, for redirects too, and never a redirect
/// from `https` to `http`; bodies are bounded; a transfer that stalls is abandoned. Not
/// thread-safe: use one client per thread.
public final class HTTPClient {
    /// The limits and timeouts in force.
    public let options: HTTPOptions
    private let handle: UnsafeMutableRawPointer

    /// A client with `options`.
    public init(options: HTTPOptions = HTTPOptions()) throws(NetError) {
        guard curlReady, let handle = curl_easy_init() else {
            throw NetError("cannot initialise libcurl", url: "", kind: .transport)
        }
        self.options = options
        self.handle = handle
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    /// GETs `url`.
    public func get(_ url: String, headers: [HTTPHeader] = []) throws(NetError) -> HTTPResponse {
        try send(HTTPRequest(url: url, headers: headers))
    }

    /// Sends a request and returns the response, whatever its status.
    ///
    /// - Throws: `NetError` when the URL is refused, the transfer fails or times out, or the
    ///   body is larger than `options.maximumBodySize`.
    public func send(_ request: HTTPRequest) throws(NetError) -> HTTPResponse {
        try send(TransferJob(request)).result.get()
    }

    /// Runs one job: a request whose body goes to memory or to a file, maybe a byte range.
    ///
    /// - Throws: `NetError` when the URL is refused or a file sink cannot be opened; transfer
    ///   failures are in the outcome.
    public func send(_ job: TransferJob) throws(NetError) -> TransferOutcome {
        curl_easy_reset(handle)
        let transfer = try CurlTransfer(job, on: handle, options: options)
        if transfer.isAlreadyComplete {
            return TransferOutcome(tag: 0, result: .success(HTTPResponse(status: 206, headers: [], body: [], url: job.request.url)),
                                   bytes: transfer.state.stored)
        }
        let code = curl_easy_perform(handle)
        let result = transfer.finish(code)
        return TransferOutcome(tag: 0, result: result, bytes: transfer.state.stored)
    }
}
