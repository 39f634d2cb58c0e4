import Foundation
import Glibc
import Synchronization

/// Writes records as NDJSON to a file descriptor, one write(2) per record, so every record
/// is out (flushed) the moment it is written.
///
/// When the reader has gone away (EPIPE, e.g. `| head`) `write` throws `OutputClosed`;
/// other write errors throw a `ToolError` with status `ioError`. Safe to use from several threads.
public final class RecordWriter: Sendable {
    private let descriptor: Int32
    /// The records written so far; its lock keeps records whole and in order.
    private let recordsWritten = Mutex(0)

    /// A writer to `descriptor` (stdout by default); a negative descriptor discards the
    /// records (stdout carries something else, e.g. `compile-clips -o -`).
    public init(descriptor: Int32 = 1) {
        self.descriptor = descriptor
    }

    /// The number of records written so far.
    public var count: Int {
        recordsWritten.withLock { $0 }
    }

    /// Writes one record and its newline.
    public func write(_ record: Record) throws {
        var line = record.serialized()
        line.append(0x0A)
        try writeLine(line)
    }

    /// Writes text instead of records (a table for a person at a terminal), as it is.
    public func write(text: String) throws {
        try writeLine(Array(text.utf8), isRecord: false)
    }

    private func writeLine(_ line: [UInt8], isRecord: Bool = true) throws {
        let failure = recordsWritten.withLock { count -> Int32 in
            let code = descriptor < 0 ? 0 : writeAll(descriptor, line)
            if code == 0 && isRecord {
                count += 1
            }
            return code
        }
        switch failure {
        case 0:
            return
        case EPIPE:
            throw OutputClosed()
        default:
            throw ToolError("cannot write output: \(String(cString: strerror(failure)))",
                            at: "stdout", failure: .ioFailed)
        }
    }
}
