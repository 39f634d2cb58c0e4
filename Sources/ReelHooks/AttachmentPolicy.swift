import Glibc

/// Which files a record may have attached to a delivery (a Discord message, an upload).
///
/// A record names its file in `path`, and records come from anywhere: a clip record with
/// `"path":"/etc/shadow"` must not post that file. A file is attached only when it is a
/// regular file, its real path (links resolved) lies under one of `folders` (the working
/// directory by default; hook-post's `--files-from DIR` adds others), and `isMedia` says it is
/// video, audio or an image (hook-post asks libav). Anything else is refused with a reason
/// that says why.
public struct AttachmentPolicy: Sendable {
    /// The real paths of the folders files may come from.
    public let folders: [String]
    /// Whether the file at a (real) path is video, audio or an image.
    public let isMedia: @Sendable (String) -> Bool

    /// A policy for `folders` (resolved here; a folder that does not exist allows nothing).
    public init(folders: [String], isMedia: @escaping @Sendable (String) -> Bool) {
        self.folders = folders.compactMap(Self.realPath)
        self.isMedia = isMedia
    }

    /// What the policy says of one file.
    public enum Verdict: Sendable, Equatable {
        /// Attach the file at this real path (with its size in bytes).
        case allowed(path: String, size: Int)
        /// There is no file at the path.
        case missing
        /// The file may not be attached, and why.
        case refused(String)
    }

    /// The verdict on `path`.
    public func check(_ path: String) -> Verdict {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return errno == ENOENT ? .missing : .refused("the file \(path) cannot be read: \(String(cString: strerror(errno)))")
        }
        guard let real = Self.realPath(path) else {
            return .refused("the file \(path) cannot be resolved: \(String(cString: strerror(errno)))")
        }
        guard folders.contains(where: { real.hasPrefix($0 == "/" ? "/" : $0 + "/") }) else {
            return .refused("the file \(path) is outside the folders hook-post may read (the working directory; --files-from adds others): not sent")
        }
        guard lstat(real, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            return .refused("the file \(path) is not a regular file: not sent")
        }
        guard isMedia(real) else {
            return .refused("the file \(path) is not video, audio or an image: not sent")
        }
        return .allowed(path: real, size: Int(info.st_size))
    }

    /// The canonical absolute path of `path` (links resolved), or nil.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
