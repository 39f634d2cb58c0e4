import Glibc

/// One line of input, or the news that a line was too long to keep.
public enum InputLine: Sendable, Equatable {
    /// A line's bytes without its newline (and without a `\r` before it); `number` counts from 1.
    case text([UInt8], number: Int)
    /// A line longer than the bound: its bytes were read and dropped.
    case tooLong(number: Int, length: Int)
}

/// Reads lines from a file descriptor as soon as they arrive, with a bound on their length.
///
/// Lines are handed out the moment their newline is read (a live pipeline never waits for
/// end of input); a final line without a newline counts as a line. A line longer than
/// `maximumLength` is skipped to its end and reported as `.tooLong`, so hostile input cannot
/// exhaust memory.
public final class LineReader {
    /// The default bound on a line: 16 MiB.
    public static let defaultMaximumLength = 16 << 20

    private let descriptor: Int32
    private let maximumLength: Int
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEnd = false
    private var lineNumber = 0
    private var discarding = 0

    /// A reader of `descriptor` (not closed by the reader).
    public init(descriptor: Int32, maximumLength: Int = LineReader.defaultMaximumLength) {
        self.descriptor = descriptor
        self.maximumLength = maximumLength
        buffer = [UInt8](repeating: 0, count: min(1 << 16, maximumLength + 1))
    }

    /// The next line, or nil at end of input. Throws the errno of a failed read.
    public func next() throws(ReadError) -> InputLine? {
        while true {
            if let newline = findNewline() {
                let lineEnd = newline
                let lineStart = start
                start = newline + 1
                lineNumber += 1
                if discarding > 0 || lineEnd - lineStart > maximumLength {
                    let length = discarding + (lineEnd - lineStart)
                    discarding = 0
                    return .tooLong(number: lineNumber, length: length)
                }
                return .text(trimmed(lineStart, lineEnd), number: lineNumber)
            }
            if atEnd {
                guard start < end || discarding > 0 else {
                    return nil
                }
                lineNumber += 1
                let lineStart = start
                start = end
                if discarding > 0 || end - lineStart > maximumLength {
                    let length = discarding + (end - lineStart)
                    discarding = 0
                    return .tooLong(number: lineNumber, length: length)
                }
                return .text(trimmed(lineStart, end), number: lineNumber)
            }
            try fill()
        }
    }

    private func trimmed(_ from: Int, _ to: Int) -> [UInt8] {
        var last = to
        if last > from, buffer[last - 1] == 0x0D {
            last -= 1
        }
        return Array(buffer[from..<last])
    }

    private func findNewline() -> Int? {
        guard start < end else {
            return nil
        }
        return buffer.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress,
                  let found = memchr(base + start, 0x0A, end - start) else {
                return nil
            }
            return base.distance(to: UnsafeRawPointer(found))
        }
    }

    /// Reads more bytes: compacts the buffer, grows it up to the bound, or starts discarding.
    private func fill() throws(ReadError) {
        if start > 0 {
            if start < end {
                buffer.withUnsafeMutableBytes { raw in
                    guard let base = raw.baseAddress else { return }
                    memmove(base, base + start, end - start)
                }
            }
            end -= start
            start = 0
        }
        if end == buffer.count {
            if end >= maximumLength {
                // Too long: forget what we have, remember how much, keep reading to the newline.
                discarding += end
                end = 0
            } else {
                buffer.append(contentsOf: repeatElement(0, count: min(buffer.count, maximumLength + 1 - buffer.count)))
            }
        }
        while true {
            let count = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return read(descriptor, base + end, raw.count - end)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(code: errno)
            }
            if count == 0 {
                atEnd = true
            }
            end += count
            return
        }
    }
}

/// A failed read(2): its errno.
public struct ReadError: Error, Sendable, CustomStringConvertible {
    public let code: Int32

    public var description: String { String(cString: strerror(code)) }
}
