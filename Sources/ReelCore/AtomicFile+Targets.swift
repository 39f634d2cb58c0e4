import Glibc

extension AtomicFile {
    /// What an output path names, found without following a symbolic link.
    public enum Target: Sendable, Equatable {
        /// Nothing yet: the file is made beside it and renamed into place.
        case absent
        /// A regular file: replaced the same way.
        case regular
        /// A character device (`/dev/null`) or a FIFO: written straight to, as ffmpeg does.
        case stream
        /// `-`: standard output, written straight to.
        case standardOutput
    }

    /// What `path` names. A symbolic link (never followed nor replaced), a folder, a block
    /// device or a socket is refused (`ioFailed`).
    public static func target(of path: String) throws(ToolError) -> Target {
        if path == "-" { return .standardOutput }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            guard errno == ENOENT else {
                throw ToolError("cannot look at it: \(String(cString: strerror(errno)))", at: path, failure: .ioFailed)
            }
            return .absent
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFCHR, S_IFIFO: return .stream
        case S_IFLNK: throw ToolError("is a symbolic link: not written through nor replaced", at: path, failure: .ioFailed)
        case S_IFDIR: throw ToolError("is a folder", at: path, failure: .ioFailed)
        default: throw ToolError("is not a regular file, a character device or a FIFO", at: path, failure: .ioFailed)
        }
    }

    /// A new file beside `path`, created exclusively (`O_EXCL | O_NOFOLLOW`: nothing already
    /// there, a planted symbolic link included, is opened): `.NAME.part-PID-N`. Returns its
    /// path and an open descriptor for writing.
    public static func createTemporary(for path: String, mode: mode_t = 0o644) throws(ToolError) -> (path: String, descriptor: Int32) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        for attempt in 0..<100 {
            let temporary = folder + "." + name + ".part-\(getpid())" + (attempt == 0 ? "" : "-\(UInt32.random(in: 1...UInt32.max))")
            let descriptor = createExclusively(temporary, mode: mode)
            if descriptor >= 0 {
                return (temporary, descriptor)
            }
            guard errno == EEXIST || errno == ELOOP else {
                throw ToolError("cannot create: \(String(cString: strerror(errno)))", at: temporary, failure: .ioFailed)
            }
        }
        throw ToolError("cannot create a temporary file beside it: every name tried is taken", at: path, failure: .ioFailed)
    }

    /// Creates `path` exclusively for writing (`O_CREAT | O_EXCL | O_NOFOLLOW`); -1 and
    /// `errno` when something is already there.
    public static func createExclusively(_ path: String, mode: mode_t = 0o644) -> Int32 {
        open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
    }

    /// Opens `path` for adding to it (a partial download resumed, a log appended to) without
    /// following a symbolic link: an existing regular file is opened (with `append`, at its
    /// end), anything else already there is refused, and a missing file is created
    /// exclusively.
    public static func openForUpdate(_ path: String, append: Bool = false) throws(ToolError) -> Int32 {
        let flags = O_WRONLY | O_NOFOLLOW | O_CLOEXEC | (append ? O_APPEND : 0)
        var descriptor = open(path, flags)
        if descriptor < 0 && errno == ENOENT {
            descriptor = open(path, flags | O_CREAT | O_EXCL, 0o644)
        }
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? "is a symbolic link: not written through" : String(cString: strerror(errno))
            throw ToolError("cannot open for writing: \(reason)", at: path, failure: .ioFailed)
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw ToolError("is not a regular file: not written to", at: path, failure: .ioFailed)
        }
        return descriptor
    }

    /// Opens a `.stream` or `.standardOutput` target for writing straight to it.
    public static func openStream(_ path: String) throws(ToolError) -> Int32 {
        if path == "-" { return dup(1) }
        let descriptor = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ToolError("cannot open for writing: \(String(cString: strerror(errno)))", at: path, failure: .ioFailed)
        }
        return descriptor
    }

    /// Renames `temporary` to `path` when `path` is absent or a regular file (looked at
    /// again just before); otherwise removes `temporary` and throws.
    public static func moveIntoPlace(_ temporary: String, to path: String) throws(ToolError) {
        let found: Target
        do {
            found = try target(of: path)
        } catch {
            unlink(temporary)
            throw error
        }
        guard found == .absent || found == .regular else {
            unlink(temporary)
            throw ToolError("is not a regular file: not replaced", at: path, failure: .ioFailed)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ToolError("cannot rename into place: \(reason)", at: path, failure: .ioFailed)
        }
    }
}
