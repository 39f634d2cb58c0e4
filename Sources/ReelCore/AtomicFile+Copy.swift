import Glibc

extension AtomicFile {
    /// Copies the regular file at `source` to `path` as `write` writes (a temporary file
    /// beside it, fsynced, renamed into place: never through a symbolic link at `path`, never
    /// over anything but a regular file); returns the bytes copied. A `source` that is not a
    /// regular file (a folder, a FIFO, a device) is refused (`missingInput`), so nothing can make
    /// the copy read forever.
    @discardableResult
    public static func copy(from source: String, to path: String) throws(ToolError) -> Int {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            throw ToolError("cannot read: \(String(cString: strerror(errno)))", at: source, failure: .missingInput)
        }
        defer { close(input) }
        var info = stat()
        guard fstat(input, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw ToolError("is not a regular file", at: source, failure: .missingInput)
        }
        _ = try target(of: path)
        let (temporary, output) = try createTemporary(for: path)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        var failure: (reason: String, place: String)?
        while failure == nil {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                failure = ("cannot read: \(String(cString: strerror(errno)))", source)
            } else if count == 0 {
                break
            } else {
                let code = writeAll(output, Array(buffer[..<count]))
                if code != 0 { failure = ("cannot write: \(String(cString: strerror(code)))", path) }
                total += count
            }
        }
        if failure == nil && fsync(output) != 0 {
            failure = ("cannot write: \(String(cString: strerror(errno)))", path)
        }
        close(output)
        if let failure {
            unlink(temporary)
            throw ToolError(failure.reason, at: failure.place, failure: failure.place == source ? .missingInput : .ioFailed)
        }
        try moveIntoPlace(temporary, to: path)
        return total
    }
}
