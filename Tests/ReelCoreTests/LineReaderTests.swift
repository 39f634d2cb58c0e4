import Glibc
import ReelCore
import Testing

@Suite struct LineReaderTests {
    @Test func handsOutALineAsSoonAsItArrives() throws {
        let pipe = TestPipe()
        let reader = LineReader(descriptor: pipe.readEnd)
        pipe.write("{\"a\":1}\n{\"b\"")
        // The writer is still open: the first line must come without waiting for the end.
        #expect(try reader.next() == .text(Array("{\"a\":1}".utf8), number: 1))
        pipe.write(":2}\n")
        #expect(try reader.next() == .text(Array("{\"b\":2}".utf8), number: 2))
        pipe.closeWriter()
        #expect(try reader.next() == nil)
    }

    @Test func stripsCarriageReturnsAndKeepsAFinalLineWithoutNewline() throws {
        let pipe = TestPipe()
        pipe.write("one\r\ntwo\n\nthree")
        pipe.closeWriter()
        let reader = LineReader(descriptor: pipe.readEnd)
        #expect(try reader.next() == .text(Array("one".utf8), number: 1))
        #expect(try reader.next() == .text(Array("two".utf8), number: 2))
        #expect(try reader.next() == .text([], number: 3))
        #expect(try reader.next() == .text(Array("three".utf8), number: 4))
        #expect(try reader.next() == nil)
    }

    @Test func skipsOverlongLinesAndGoesOn() throws {
        let pipe = TestPipe()
        let reader = LineReader(descriptor: pipe.readEnd, maximumLength: 100)
        let writer = Thread {
            pipe.write("short\n" + String(repeating: "x", count: 250_000) + "\nafter\n" + String(repeating: "y", count: 101))
            pipe.closeWriter()
        }
        writer.start()
        #expect(try reader.next() == .text(Array("short".utf8), number: 1))
        #expect(try reader.next() == .tooLong(number: 2, length: 250_000))
        #expect(try reader.next() == .text(Array("after".utf8), number: 3))
        #expect(try reader.next() == .tooLong(number: 4, length: 101))
        #expect(try reader.next() == nil)
    }

    @Test func aLineAtTheBoundIsKept() throws {
        let pipe = TestPipe()
        pipe.write(String(repeating: "z", count: 100) + "\n")
        pipe.closeWriter()
        let reader = LineReader(descriptor: pipe.readEnd, maximumLength: 100)
        #expect(try reader.next() == .text(Array(repeating: UInt8(ascii: "z"), count: 100), number: 1))
    }
}

import Foundation
