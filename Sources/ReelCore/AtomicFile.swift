import Glibc

/// Whole files: written so that readers see either nothing or the whole file (a temporary name
/// in the same folder, created exclusively, then rename(2)), and read at once within a bound.
///
/// Outputs never follow a symbolic link that is already there and never replace anything but
/// a regular file: a character device (`/dev/null`), a FIFO or `-` (stdout) is written
/// straight to, as ffmpeg does; a link, a folder or another kind of file is refused.
public enum AtomicFile {
    /// Writes `bytes` to `path`, replacing it atomically; `durable` also fsyncs the file and
    /// its folder (for records that must survive a crash).
    /// `mode` is the new file's (0600 for secrets: it is never readable by others, not even
    /// for a moment).
    public static func write(_ bytes: [UInt8], to path: String, durable: Bool = false, mode: mode_t = 0o644) throws(ToolError) {
        switch try target(of: path) {
        case .stream, .standardOutput:
            let descriptor = try openStream(path)
            defer { close(descriptor) }
            let failure = writeAll(descriptor, bytes)
            guard failure == 0 else {
                throw ToolError("cannot write: \(String(cString: strerror(failure)))", at: path, failure: .ioFailed)
            }
            return
        case .absent, .regular:
            break
        }
        let (temporary, descriptor) = try createTemporary(for: path, mode: mode)
        let failure = writeAll(descriptor, bytes)
        let synced = !durable || fsync(descriptor) == 0
        close(descriptor)
        guard failure == 0, synced else {
            let code = failure != 0 ? failure : errno
            unlink(temporary)
            throw ToolError("cannot write: \(String(cString: strerror(code)))", at: path, failure: .ioFailed)
        }
        try moveIntoPlace(temporary, to: path)
        if durable {
            let folder = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
            let directory = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if directory >= 0 {
                fsync(directory)
                close(directory)
            }
        }
    }

    /// The whole of the file at `path`, at most `limit` bytes (more is an error).
    public static func read(_ path: String, limit: Int = 256 << 20) throws(ToolError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ToolError("cannot open: \(String(cString: strerror(errno)))", at: path,
                            failure: errno == ENOENT ? .missingInput : .ioFailed)
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw ToolError("cannot read: \(String(cString: strerror(errno)))", at: path, failure: .ioFailed)
            }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
            guard bytes.count <= limit else {
                throw ToolError("larger than \(limit >> 20) MiB", at: path, failure: .badInput)
            }
        }
    }

    /// Creates `path` and its parents as folders (like `mkdir -p`).
    public static func makeFolders(_ path: String) throws(ToolError) {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o755) != 0 && errno != EEXIST {
                throw ToolError("cannot create folder: \(String(cString: strerror(errno)))", at: built, failure: .ioFailed)
            }
        }
    }
}
