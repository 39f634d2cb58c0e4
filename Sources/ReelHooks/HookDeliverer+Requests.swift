import CCrypto
import Glibc
import ReelCore
import ReelHTTP

extension HookDeliverer {
    /// The request of a delivery, or why there can be none.
    enum Request {
        /// Send `job`; `linkOnly` says why a file went as a link.
        case send(TransferJob, linkOnly: String?)
        case impossible(String)
    }

    func request(for delivery: Delivery, to hook: Hook) -> Request {
        let record = delivery.record
        var headers = [HTTPHeader("Idempotency-Key", delivery.key)]
        let text = String(hook.template.render(record.object).prefix(2000))
        let file = record["path"]?.stringValue
        // Only files the policy allows are attached (and read by their real path); a file
        // named but refused is a dead letter, never sent.
        var attached: String?
        var size: Int?
        if hook.kind != .webhook, let file {
            switch attachments.check(file) {
            case .allowed(let path, let bytes):
                (attached, size) = (path, bytes)
            case .missing:
                break
            case .refused(let reason):
                return .impossible(reason)
            }
        }
        switch hook.kind {
        case .webhook:
            headers.append(HTTPHeader("Content-Type", "application/json"))
            return .send(TransferJob(HTTPRequest(url: hook.url, method: "POST", headers: headers,
                                                 body: record.object.serialized())), linkOnly: nil)
        case .discord:
            let url = hook.url + (hook.url.contains("?") ? "&" : "?") + "wait=true"
            // No pings from record text: allowed_mentions parses none.
            var payload: JSONObject = ["content": .string(text), "allowed_mentions": ["parse": []]]
            if let file, let attached, let size, size <= hook.maximumFileSize {
                let form: [FormPart] = [
                    .text("payload_json", String(decoding: payload.serialized(), as: UTF8.self), contentType: "application/json"),
                    .file("files[0]", path: attached, fileName: Self.baseName(file), contentType: Self.mediaType(of: file)),
                ]
                return .send(TransferJob(HTTPRequest(url: url, method: "POST", headers: headers), form: form), linkOnly: nil)
            }
            let why: String
            if let size {
                why = "the file of \(Self.mebibytes(size)) MiB is over the hook's limit of \(Self.mebibytes(hook.maximumFileSize)) MiB: sent as a link"
            } else {
                why = file == nil ? "the record has no file: sent as text" : "the file is missing: sent as text"
            }
            let link = record["url"]?.stringValue ?? file ?? ""
            payload["content"] = .string(String((text + (link.isEmpty ? "" : "\n" + link)).prefix(2000)))
            headers.append(HTTPHeader("Content-Type", "application/json"))
            return .send(TransferJob(HTTPRequest(url: url, method: "POST", headers: headers, body: payload.serialized())),
                         linkOnly: why)
        case .upload, .streamable:
            guard let file else { return .impossible("the record has no file to upload") }
            guard let attached, let size else { return .impossible("cannot read the file \(file)") }
            guard size <= hook.maximumFileSize else {
                return .impossible("the file of \(Self.mebibytes(size)) MiB is over the hook's limit of \(Self.mebibytes(hook.maximumFileSize)) MiB")
            }
            let form: [FormPart] = [
                .file("file", path: attached, fileName: Self.baseName(file), contentType: Self.mediaType(of: file)),
                .text("title", text),
            ]
            if hook.kind == .streamable {
                guard let credentials = hook.credentials, credentials.contains(":") else {
                    return .impossible("no USER:PASSWORD credentials for the upload")
                }
                headers.append(HTTPHeader("Authorization", "Basic " + Self.base64(Array(credentials.utf8))))
            }
            return .send(TransferJob(HTTPRequest(url: hook.url, method: "POST", headers: headers), form: form), linkOnly: nil)
        }
    }

    /// Standard base64 (libcrypto's EVP_EncodeBlock).
    static func base64(_ bytes: [UInt8]) -> String {
        var out = [UInt8](repeating: 0, count: 4 * ((bytes.count + 2) / 3) + 1)
        let count = EVP_EncodeBlock(&out, bytes, Int32(bytes.count))
        return String(decoding: out.prefix(Int(max(0, count))), as: UTF8.self)
    }

    static func baseName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }

    static func mediaType(of path: String) -> String {
        let lower = path.lowercased()
        if lower.hasSuffix(".mp4") { return "video/mp4" }
        if lower.hasSuffix(".ts") { return "video/mp2t" }
        if lower.hasSuffix(".txt") { return "text/plain" }
        return "application/octet-stream"
    }

    static func mebibytes(_ bytes: Int) -> String {
        RecordTemplate.shortest((Double(bytes) / 1_048_576 * 10).rounded() / 10)
    }
}
