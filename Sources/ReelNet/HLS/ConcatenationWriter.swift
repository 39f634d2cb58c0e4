import Glibc
import ReelCore

/// One file joining the segments in order (`--concat`): written as `NAME.part`, renamed at
/// the end. fMP4 segments (which carry their initialisation section) are joined with the
/// section written once, and again only when it changes.
final class ConcatenationWriter {
    let path: String
    private let descriptor: Int32
    private var currentMap: Int?
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)

    init(path: String) throws(HLSFetchError) {
        self.path = path
        descriptor = open(path + ".part", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw HLSFetchError("cannot write: \(String(cString: strerror(errno)))", at: path + ".part", status: .ioError)
        }
    }

    deinit {
        close(descriptor)
    }

    /// Appends a segment file; `map` is the initialisation section its first bytes repeat.
    func append(_ segmentPath: String, map: [UInt8]?, mapID: Int?) throws(HLSFetchError) {
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
            throw HLSFetchError("cannot read: \(String(cString: strerror(errno)))", at: segmentPath, status: .ioError)
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

    /// Puts the joined file in place.
    func finish() throws(HLSFetchError) {
        guard fsync(descriptor) == 0 || errno == EINVAL, rename(path + ".part", path) == 0 else {
            throw HLSFetchError("cannot finish: \(String(cString: strerror(errno)))", at: path, status: .ioError)
        }
    }

    private func write(_ bytes: ArraySlice<UInt8>) throws(HLSFetchError) {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw HLSFetchError("cannot write: \(String(cString: strerror(errno)))", at: path + ".part", status: .ioError)
            }
            offset += written
        }
    }
}
