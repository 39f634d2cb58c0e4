import CCurl
import Glibc
import ReelCore

/// What a transfer received so far, and where its body goes; the context of libcurl's callbacks.
final class TransferState {
    let limit: Int
    let stallTimeout: Double
    /// The body of a memory sink.
    private(set) var body: [UInt8] = []
    /// The start of the body of an answer that is not 2xx (for messages).
    private(set) var errorBody: [UInt8] = []
    private(set) var headers: [HTTPHeader] = []
    private(set) var status = 0
    private(set) var exceeded = false
    private(set) var stalled = false
    /// Why the body was refused midway (an unexpected range, a failed write).
    private(set) var problem: String?
    /// The `Range` header value to send (without `bytes=`' name: `first-last`), when needed.
    private(set) var requestedRange: String?
    /// Bytes in the sink: in the file (including what it had) or in memory.
    private(set) var stored = 0

    private var descriptor: Int32 = -1
    private var span: ByteSpan?
    private var requestedStart = 0
    private var decided = false
    private var skip = 0
    private var take: Int?
    private var lastCount: curl_off_t = -1
    private var lastChange = monotonicSeconds()

    init(limit: Int, stallTimeout: Double) {
        self.limit = limit
        self.stallTimeout = stallTimeout
    }

    /// Only part of the resource is wanted (kept in memory).
    func setSpan(_ span: ByteSpan) {
        self.span = span
        requestedStart = span.offset
        requestedRange = "\(span.offset)-\(span.offset + max(span.length, 1) - 1)"
    }

    /// Opens (or creates) the file sink; what it holds counts as received.
    /// A symbolic link or anything else but a regular file at `path` is never written through:
    /// it is removed and the file created exclusively (`O_EXCL | O_NOFOLLOW`).
    func openFile(_ path: String, span: ByteSpan?, url: String) throws(NetError) {
        do {
            descriptor = try AtomicFile.openForUpdate(path)
        } catch {
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFDIR, unlink(path) == 0 else {
                throw NetError("cannot write \(path): \(error.reason)", url: url, kind: .refused)
            }
            descriptor = AtomicFile.createExclusively(path)
            guard descriptor >= 0 else {
                throw NetError("cannot write \(path): \(String(cString: strerror(errno)))", url: url, kind: .refused)
            }
        }
        var info = stat()
        fstat(descriptor, &info)
        stored = Int(info.st_size)
        self.span = span
        if let span, stored > span.length {
            _ = ftruncate(descriptor, 0)
            stored = 0
        }
        lseek(descriptor, off_t(stored), SEEK_SET)
        requestedStart = (span?.offset ?? 0) + stored
        if let span {
            requestedRange = "\(requestedStart)-\(span.offset + max(span.length, 1) - 1)"
        } else if stored > 0 {
            requestedRange = "\(stored)-"
        }
    }

    func closeFile() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
    }

    /// Whether the whole span is in the sink.
    var isSpanComplete: Bool {
        guard let span else { return false }
        return stored >= span.length
    }

    /// A 416 answer to a resumed whole-resource request whose total is what the file holds.
    var isResumeAlreadyComplete: Bool {
        guard span == nil, stored > 0, let range = headers.first(where: { $0.name.lowercased() == "content-range" })?.value,
              let slash = range.lastIndex(of: "/"), let total = Int(range[range.index(after: slash)...]) else {
            return false
        }
        return total == stored
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

    func receiveHeader(_ line: String) {
        if line.hasPrefix("HTTP/") {
            // A new response (after a redirect or 100 Continue).
            headers = []
            let parts = line.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            headers.append(HTTPHeader(name, value))
        }
    }

    /// Takes a piece of the body; returns how much was taken (less stops the transfer).
    func receive(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard (200..<300).contains(status) else {
            if errorBody.count < 65536 {
                errorBody.append(contentsOf: bytes.prefix(65536 - errorBody.count))
            }
            return bytes.count
        }
        if !decided {
            decided = true
            guard decideStart() else { return 0 }
        }
        if take == 0 {
            return 0  // the span is complete; the rest of a whole answer is not wanted
        }
        var piece = UnsafeRawBufferPointer(rebasing: bytes[...])
        if skip > 0 {
            let skipped = min(skip, piece.count)
            skip -= skipped
            piece = UnsafeRawBufferPointer(rebasing: piece[skipped...])
        }
        if let remaining = take {
            piece = UnsafeRawBufferPointer(rebasing: piece.prefix(remaining))
            take = remaining - piece.count
        }
        guard stored + piece.count <= limit else {
            exceeded = true
            return 0
        }
        guard store(piece) else { return 0 }
        return bytes.count
    }

    /// Checks where the answer's body starts against what was asked for.
    private func decideStart() -> Bool {
        if status == 206 {
            guard let range = headers.first(where: { $0.name.lowercased() == "content-range" })?.value,
                  let start = Self.rangeStart(range), start == requestedStart else {
                problem = "the server answered a different range than asked for"
                restart()
                return false
            }
            if let span {
                take = span.offset + span.length - requestedStart
            }
            return true
        }
        // A whole answer: start over and pick the span out of it.
        restart()
        skip = span?.offset ?? 0
        take = span?.length
        return true
    }

    /// Empties the sink.
    private func restart() {
        if descriptor >= 0 {
            _ = ftruncate(descriptor, 0)
            lseek(descriptor, 0, SEEK_SET)
        }
        body = []
        stored = 0
    }

    private func store(_ piece: UnsafeRawBufferPointer) -> Bool {
        guard descriptor >= 0 else {
            body.append(contentsOf: piece)
            stored += piece.count
            return true
        }
        var offset = 0
        while offset < piece.count, let base = piece.baseAddress {
            let written = write(descriptor, base + offset, piece.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                problem = "cannot write: \(String(cString: strerror(errno)))"
                return false
            }
            offset += written
        }
        stored += piece.count
        return true
    }

    /// The first byte of `bytes first-last/total`.
    static func rangeStart(_ value: String) -> Int? {
        let text = value.trimmingCharacters(in: .whitespaces)
        guard text.lowercased().hasPrefix("bytes ") else { return nil }
        let rest = text.dropFirst(6)
        guard let dash = rest.firstIndex(of: "-") else { return nil }
        return Int(rest[..<dash].trimmingCharacters(in: .whitespaces))
    }
}
