import Glibc
import ReelCore

/// One file joining the segments in order (`-o`, `--concat`): written to a temporary name
/// beside it (created exclusively), renamed at the end, or as soon as `publish()` asks (a live
/// stream: the file then grows in place); a character device, a FIFO or `-` (stdout) is
/// written straight to. fMP4 segments (which carry their initialisation section) are joined
/// with the section written once, and again only when it changes.
final class ConcatenationWriter {
    let path: String
    private let descriptor: Int32
    /// The temporary file renamed into place at the end (nil when written straight, or once
    /// published).
    private var temporary: String?
    private var currentMap: Int?
    private var finished = false
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)

    init(path: String) throws(HLSFetchError) {
        self.path = path
        do {
            switch try AtomicFile.target(of: path) {
            case .absent, .regular:
                (temporary, descriptor) = try AtomicFile.createTemporary(for: path)
            case .stream, .standardOutput:
                temporary = nil
                descriptor = try AtomicFile.openStream(path)
            }
        } catch {
            throw HLSFetchError(error.reason, at: error.location ?? path, failure: error.failure)
        }
    }

    deinit {
        close(descriptor)
        if !finished, let temporary {
            unlink(temporary)
        }
    }

    /// Appends a segment file; `map` is the initialisation section its first bytes repeat.
    func append(_ segmentPath: String, map: [UInt8]?, mapID: Int?) throws {
        var skip = 0
        if let map, let mapID {
            if mapID != currentMap {
                try write(map[...])
                currentMap = mapID
            }
            skip = map.count
        }
        let source = open(segmentPath, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else {
            throw HLSFetchError("cannot read: \(String(cString: strerror(errno)))", at: segmentPath, failure: .ioFailed)
        }
        defer { close(source) }
        lseek(source, off_t(skip), SEEK_SET)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            try write(buffer[0..<count])
        }
    }

    /// Puts the file in place now, and goes on writing to it there (the same open file): a
    /// live recording can be played while it grows and keeps what it has if interrupted.
    /// Nothing but a regular file is replaced, as at the end.
    func publish() throws(HLSFetchError) {
        guard let temporary else { return }
        do {
            try AtomicFile.moveIntoPlace(temporary, to: path)
        } catch {
            self.temporary = nil
            throw HLSFetchError(error.reason, at: path, failure: .ioFailed)
        }
        self.temporary = nil
    }

    /// Puts the joined file in place.
    func finish() throws(HLSFetchError) {
        finished = true
        guard let temporary else { return }
        guard fsync(descriptor) == 0 || errno == EINVAL else {
            throw HLSFetchError("cannot finish: \(String(cString: strerror(errno)))", at: path, failure: .ioFailed)
        }
        do {
            try AtomicFile.moveIntoPlace(temporary, to: path)
        } catch {
            throw HLSFetchError(error.reason, at: path, failure: .ioFailed)
        }
    }

    /// Writes `bytes`; the reader of stdout gone (EPIPE) ends the run quietly (`OutputClosed`).
    private func write(_ bytes: ArraySlice<UInt8>) throws {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE && temporary == nil { throw OutputClosed() }
                throw HLSFetchError("cannot write: \(String(cString: strerror(errno)))", at: temporary ?? path, failure: .ioFailed)
            }
            offset += written
        }
    }
}
