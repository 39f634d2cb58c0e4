import CCurl
import Glibc
import ReelCore

/// Whether libcurl's global state is set up (once, before any handle).
private let curlReady: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

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
        let scheme = Self.scheme(of: request.url)
        guard scheme == "http" || scheme == "https" else {
            throw NetError("only http and https URLs are allowed", url: request.url, kind: .refused)
        }
        curl_easy_reset(handle)
        let state = TransferState(limit: options.maximumBodySize, stallTimeout: options.stallTimeout)
        let context = Unmanaged.passRetained(state)
        defer { context.release() }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for header in request.headers {
            headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
        }
        var errorText = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code: CURLcode = errorText.withUnsafeMutableBufferPointer { errorBuffer in
            configure(request, scheme: scheme, context: context.toOpaque(), headers: headerList,
                      errorBuffer: errorBuffer.baseAddress)
            if let body = request.body {
                return body.withUnsafeBufferPointer { bytes in
                    reel_curl_set_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count))
                    reel_curl_set_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                    return curl_easy_perform(handle)
                }
            }
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            throw failure(code, state: state, url: request.url, detail: Self.text(of: errorText))
        }
        var status = 0
        reel_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var effective: UnsafeMutablePointer<CChar>?
        reel_curl_get_string(handle, CURLINFO_EFFECTIVE_URL, &effective)
        return HTTPResponse(status: status, headers: state.headers, body: state.body,
                            url: effective.map { String(cString: $0) } ?? request.url)
    }

    private func configure(_ request: HTTPRequest, scheme: String, context: UnsafeMutableRawPointer,
                           headers: UnsafeMutablePointer<curl_slist>?, errorBuffer: UnsafeMutablePointer<CChar>?) {
        reel_curl_set_string(handle, CURLOPT_URL, request.url)
        reel_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        // Redirects: http or https, and from https only to https (no downgrade).
        reel_curl_set_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, scheme == "https" ? "https" : "http,https")
        reel_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 1)
        reel_curl_set_long(handle, CURLOPT_MAXREDIRS, options.maximumRedirects)
        reel_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        reel_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeout * 1000))
        // Stalls are caught in the progress callback: libcurl's low-speed check averages over
        // seconds, so a few early bytes hide a stall for a long time.
        reel_curl_set_long(handle, CURLOPT_NOPROGRESS, 0)
        reel_curl_set_progress_callback(handle, watchProgress)
        reel_curl_set_pointer(handle, CURLOPT_XFERINFODATA, context)
        if let total = options.totalTimeout {
            reel_curl_set_long(handle, CURLOPT_TIMEOUT_MS, Int(total * 1000))
        }
        reel_curl_set_offset(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(options.maximumBodySize))
        reel_curl_set_string(handle, CURLOPT_USERAGENT, options.userAgent)
        reel_curl_set_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        reel_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        reel_curl_set_list(handle, CURLOPT_HTTPHEADER, headers)
        reel_curl_set_data_callback(handle, CURLOPT_WRITEFUNCTION, receiveBody)
        reel_curl_set_pointer(handle, CURLOPT_WRITEDATA, context)
        reel_curl_set_data_callback(handle, CURLOPT_HEADERFUNCTION, receiveHeader)
        reel_curl_set_pointer(handle, CURLOPT_HEADERDATA, context)
        if request.method == "HEAD" {
            reel_curl_set_long(handle, CURLOPT_NOBODY, 1)
        } else if request.method != "GET" || request.body != nil {
            reel_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        }
    }

    private func failure(_ code: CURLcode, state: TransferState, url: String, detail: String) -> NetError {
        let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_WRITE_ERROR where state.exceeded, CURLE_FILESIZE_EXCEEDED:
            return NetError("body larger than \(options.maximumBodySize) bytes", url: url, kind: .tooLarge)
        case CURLE_UNSUPPORTED_PROTOCOL:
            return NetError("refused: \(reason) (only http and https, no https to http redirects)",
                            url: url, kind: .refused)
        case CURLE_OPERATION_TIMEDOUT:
            return NetError("timed out: \(reason)", url: url, kind: .timeout)
        case CURLE_ABORTED_BY_CALLBACK where state.stalled:
            return NetError("stalled: nothing received for \(options.stallTimeout) s", url: url, kind: .timeout)
        default:
            return NetError(reason, url: url, kind: .transport)
        }
    }

    /// The text of a NUL-terminated C buffer.
    static func text(of buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The lowercased scheme of a URL ("" when it has none).
    static func scheme(of url: String) -> String {
        guard let colon = url.firstIndex(of: ":") else {
            return ""
        }
        let scheme = url[..<colon]
        guard scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }) else {
            return ""
        }
        return scheme.lowercased()
    }
}

/// What a transfer received so far; passed to libcurl's callbacks as their context.
final class TransferState {
    let limit: Int
    let stallTimeout: Double
    var body: [UInt8] = []
    var headers: [HTTPHeader] = []
    var exceeded = false
    var stalled = false
    private var lastCount: curl_off_t = -1
    private var lastChange = monotonicSeconds()

    init(limit: Int, stallTimeout: Double) {
        self.limit = limit
        self.stallTimeout = stallTimeout
    }

    /// Notes the bytes moved so far; true when nothing moved for longer than the stall timeout.
    func isStalled(moved: curl_off_t) -> Bool {
        let now = monotonicSeconds()
        if moved != lastCount {
            lastCount = moved
            lastChange = now
            return false
        }
        stalled = now - lastChange > stallTimeout
        return stalled
    }
}

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

private let watchProgress: reel_curl_progress_callback = { context, _, received, _, sent in
    guard let context else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
    return state.isStalled(moved: received + sent) ? 1 : 0
}

private let receiveBody: reel_curl_data_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard state.body.count + length <= state.limit else {
        state.exceeded = true
        return 0
    }
    state.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
    return length
}

private let receiveHeader: reel_curl_data_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    if line.hasPrefix("HTTP/") {
        state.headers = []  // a new response (after a redirect or 100 Continue)
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].trimmingCharacters(in: .whitespaces)
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        state.headers.append(HTTPHeader(name, value))
    }
    return length
}
