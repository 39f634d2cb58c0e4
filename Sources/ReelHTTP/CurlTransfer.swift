import CCurl
import Glibc
import ReelCore

/// Whether libcurl's global state is set up (once, before any handle).
let curlReady: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

/// One transfer on a libcurl easy handle: the handle's configuration under the rules for
/// untrusted URLs, the body's sink, and the interpretation of how it ended. Shared by
/// `HTTPClient` (one at a time) and `TransferQueue` (many at once).
final class CurlTransfer {
    let job: TransferJob
    let state: TransferState
    private let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let body: UnsafeMutableBufferPointer<UInt8>?
    private var mime: OpaquePointer?
    private let options: HTTPOptions

    /// Configures `handle` (already reset) for `job`; opens a file sink.
    init(_ job: TransferJob, on handle: UnsafeMutableRawPointer, options: HTTPOptions) throws(NetError) {
        let url = job.request.url
        let scheme = Self.scheme(of: url)
        guard scheme == "http" || scheme == "https" else {
            throw NetError("only http and https URLs are allowed", url: url, kind: .refused)
        }
        self.job = job
        self.handle = handle
        self.options = options
        state = TransferState(limit: options.maximumBodySize, stallTimeout: options.stallTimeout)
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        if let bytes = job.request.body {
            let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
            _ = copy.initialize(from: bytes)
            body = copy
        } else {
            body = nil
        }
        if case .file(let path) = job.sink {
            try state.openFile(path, span: job.span, url: url)
        } else if let span = job.span {
            state.setSpan(span)
        }
        configure(scheme: scheme)
    }

    deinit {
        curl_mime_free(mime)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
        body?.deallocate()
        state.closeFile()
    }

    /// Whether the sink already holds the whole span (nothing to ask for).
    var isAlreadyComplete: Bool { state.isSpanComplete }

    private func configure(scheme: String) {
        let request = job.request
        reel_curl_set_string(handle, CURLOPT_URL, request.url)
        reel_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        // Redirects: http or https, and from https only to https (no downgrade).
        reel_curl_set_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, scheme == "https" ? "https" : "http,https")
        reel_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 1)
        reel_curl_set_long(handle, CURLOPT_MAXREDIRS, options.maximumRedirects)
        reel_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        reel_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(saturating: options.connectTimeout * 1000)))
        // Stalls are caught in the progress callback: libcurl's low-speed check averages over
        // seconds, so a few early bytes hide a stall for a long time.
        let context = Unmanaged.passUnretained(state).toOpaque()
        reel_curl_set_long(handle, CURLOPT_NOPROGRESS, 0)
        reel_curl_set_progress_callback(handle, watchProgress)
        reel_curl_set_pointer(handle, CURLOPT_XFERINFODATA, context)
        if let total = options.totalTimeout {
            reel_curl_set_long(handle, CURLOPT_TIMEOUT_MS, max(1, Int(saturating: total * 1000)))
        }
        reel_curl_set_string(handle, CURLOPT_USERAGENT, options.userAgent)
        reel_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        for header in request.headers {
            headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
        }
        reel_curl_set_list(handle, CURLOPT_HTTPHEADER, headerList)
        reel_curl_set_data_callback(handle, CURLOPT_WRITEFUNCTION, receiveBody)
        reel_curl_set_pointer(handle, CURLOPT_WRITEDATA, context)
        reel_curl_set_data_callback(handle, CURLOPT_HEADERFUNCTION, receiveHeader)
        reel_curl_set_pointer(handle, CURLOPT_HEADERDATA, context)
        if let range = state.requestedRange {
            // Ranges are of the stored bytes: no content encoding.
            reel_curl_set_string(handle, CURLOPT_RANGE, range)
        } else {
            reel_curl_set_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        }
        if let form = job.form {
            mime = Self.mime(form, on: handle)
            reel_curl_set_mime(handle, mime)
        } else if let body {
            reel_curl_set_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(job.request.body?.count ?? 0))
            reel_curl_set_pointer(handle, CURLOPT_POSTFIELDS, body.baseAddress)
        }
        if request.method == "HEAD" {
            reel_curl_set_long(handle, CURLOPT_NOBODY, 1)
        } else if request.method != "GET" || request.body != nil || job.form != nil {
            reel_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        }
    }

    /// A libcurl MIME body of `parts`; files are streamed from disk as the request goes.
    private static func mime(_ parts: [FormPart], on handle: UnsafeMutableRawPointer) -> OpaquePointer? {
        let mime = curl_mime_init(handle)
        for part in parts {
            guard let field = curl_mime_addpart(mime) else { continue }
            curl_mime_name(field, part.name)
            if let text = part.text {
                curl_mime_data(field, text, text.utf8.count)
            }
            if let file = part.file {
                curl_mime_filedata(field, file)
            }
            if let fileName = part.fileName {
                curl_mime_filename(field, fileName)
            }
            if let type = part.contentType {
                curl_mime_type(field, type)
            }
        }
        return mime
    }

    /// How the transfer ended, given libcurl's result code.
    func finish(_ code: CURLcode) -> Result<HTTPResponse, NetError> {
        defer { state.closeFile() }
        let url = job.request.url
        var status = 0
        reel_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var effective: UnsafeMutablePointer<CChar>?
        reel_curl_get_string(handle, CURLINFO_EFFECTIVE_URL, &effective)
        let finalURL = effective.map { String(cString: $0) } ?? url
        guard code == CURLE_OK || (code == CURLE_WRITE_ERROR && state.isSpanComplete) else {
            return .failure(failure(code, url: url))
        }
        if let problem = state.problem {
            return .failure(NetError(problem, url: url, kind: .transport))
        }
        if status == 416, state.isResumeAlreadyComplete {
            status = 206
        }
        if (200..<300).contains(status), let span = job.span, state.stored < span.length {
            return .failure(NetError("got \(state.stored) of the \(span.length) bytes of the range", url: url, kind: .transport))
        }
        let body = (200..<300).contains(status) ? state.body : state.errorBody
        return .success(HTTPResponse(status: status, headers: state.headers, body: body, url: finalURL))
    }

    private func failure(_ code: CURLcode, url: String) -> NetError {
        let detail = Self.text(of: errorBuffer)
        let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_WRITE_ERROR where state.exceeded, CURLE_FILESIZE_EXCEEDED:
            return NetError("body larger than \(options.maximumBodySize) bytes", url: url, kind: .tooLarge)
        case CURLE_WRITE_ERROR where state.problem != nil:
            return NetError(state.problem ?? reason, url: url, kind: .transport)
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
    static func text(of buffer: UnsafePointer<CChar>) -> String {
        String(cString: buffer)
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

private let watchProgress: reel_curl_progress_callback = { context, _, received, _, sent in
    guard let context else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
    return state.isStalled(moved: received + sent) ? 1 : 0
}

private let receiveBody: reel_curl_data_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
    return state.receive(UnsafeRawBufferPointer(start: data, count: size * count))
}

private let receiveHeader: reel_curl_data_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    state.receiveHeader(String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self))
    return length
}
