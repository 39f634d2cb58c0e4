import Glibc

/// Writes files so that readers see either nothing or the whole file: a temporary name in the
/// same folder, then rename(2).
public enum AtomicFile {
    /// Writes `bytes` to `path`, replacing it atomically; `durable` also fsyncs the file and
    /// its folder (for records that must survive a crash).
    public static func write(_ bytes: [UInt8], to path: String, durable: Bool = false) throws(ToolError) {
        let temporary = path + ".part-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ToolError("cannot create: \(String(cString: strerror(errno)))", at: path, status: .ioError)
        }
        let failure = writeAll(descriptor, bytes)
        let synced = !durable || fsync(descriptor) == 0
        close(descriptor)
        guard failure == 0, synced, rename(temporary, path) == 0 else {
            let code = failure != 0 ? failure : errno
            unlink(temporary)
            throw ToolError("cannot write: \(String(cString: strerror(code)))", at: path, status: .ioError)
        }
        if durable {
            let folder = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
            let directory = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if directory >= 0 {
                fsync(directory)
                close(directory)
            }
        }
    }

    /// Creates `path` and its parents as folders (like `mkdir -p`).
    public static func makeFolders(_ path: String) throws(ToolError) {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o755) != 0 && errno != EEXIST {
                throw ToolError("cannot create folder: \(String(cString: strerror(errno)))", at: built, status: .ioError)
            }
        }
    }
}
