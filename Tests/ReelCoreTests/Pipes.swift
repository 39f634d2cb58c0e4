import Foundation
import Glibc

/// A pipe for tests: write to one end, read from the other.
///
/// Each end is closed once (closeReader, closeWriter or deinit): a second close of a number
/// another test's pipe has since been given closes that pipe under it (EBADF there).
final class TestPipe: @unchecked Sendable {
    private(set) var readEnd: Int32
    var writeEnd: Int32

    init() {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0, "pipe failed")
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(writeEnd, $0.baseAddress, $0.count) }
    }

    func write(bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.write(writeEnd, $0.baseAddress, $0.count) }
            precondition(count > 0, "pipe write failed")
            offset += count
        }
    }

    func closeWriter() {
        if writeEnd >= 0 {
            close(writeEnd)
            writeEnd = -1
        }
    }

    func closeReader() {
        if readEnd >= 0 {
            close(readEnd)
            readEnd = -1
        }
    }

    /// Everything left to read (close the writer first).
    func readAll() -> String {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            if count <= 0 { break }
            data += buffer[0..<count]
        }
        return String(decoding: data, as: UTF8.self)
    }

    deinit {
        closeWriter()
        closeReader()
    }
}
