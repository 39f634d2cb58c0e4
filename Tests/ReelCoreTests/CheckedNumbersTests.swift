import Foundation
import ReelCore
import ReelTestSupport
import Testing

/// Numbers from outside checked where they enter: conversions that never trap, JSON numbers
/// kept as written beyond a Double's range, fields out of range reported by name.
@Suite struct CheckedNumbersTests {
    @Test func conversionsFromDoublesNeverTrap() {
        #expect(Int(checking: 2.5) == 3)
        #expect(Int(checking: 2.5, rounding: .down) == 2)
        #expect(Int(checking: 1e19) == nil)
        #expect(Int(checking: -1e19) == nil)
        #expect(Int(checking: .nan) == nil)
        #expect(Int(checking: .infinity) == nil)
        #expect(Int64(checking: 9.223372036854775807e18) == nil, "2^63 does not fit")
        #expect(UInt32(checking: -1) == nil)
        #expect(Int(saturating: 1e300) == Int.max)
        #expect(Int(saturating: -1e300) == Int.min)
        #expect(Int(saturating: .nan) == 0)
        #expect(UInt32(saturating: 1e13) == UInt32.max)
        #expect(Int.max.adding(checked: 1) == nil)
        #expect(Int.max.multiplied(checked: 2) == nil)
        #expect(3.adding(checked: 4) == 7)
    }

    @Test func numbersBeyondADoublesRangePassThroughUnchanged() throws {
        let line = #"{"type":"frame","t":1e400,"x":-1e400,"tiny":1e-400}"#
        let record = try Record.parse(line: Array(line.utf8))
        #expect(record.serialized() == Array(line.utf8))
        #expect(record["t"]?.doubleValue == .infinity)
        #expect(record["t"]?.intValue == nil)
        var changed = record
        changed["y"] = 1
        #expect(String(decoding: changed.serialized(), as: UTF8.self) == #"{"type":"frame","t":1e400,"x":-1e400,"tiny":1e-400,"y":1}"#)
    }

    @Test func fieldsOutOfRangeAreReportedByName() throws {
        let record = try Record.parse(line: Array(#"{"t":1e19,"start":12.5,"big":1e400,"n":3.5,"s":"x"}"#.utf8))
        #expect(try record.seconds("start") == 12.5)
        #expect(try record.seconds("missing") == nil)
        #expect(try record.seconds("s") == nil, "not a number: absent, not an error")
        let error = #expect(throws: NumberRangeError.self) { try record.seconds("t") }
        #expect(error?.description == "t 1e19 is out of range (-1e9 to 1e9 s)")
        #expect(throws: NumberRangeError.self) { try record.number("big", in: 0...1) }
        #expect(throws: NumberRangeError.self) { try record["n"]?.integer("n", in: 0...10) }
        #expect(try record["n"]?.number("n", in: 0...10) == 3.5)
    }

    @Test func aFieldOutOfRangeInsideARunIsBadDataAtItsLine() throws {
        let out = TestPipe(), err = TestPipe()
        let run = ToolRun(name: "tool", output: out.writeEnd, errors: err.writeEnd)
        let folder = try TemporaryDirectory()
        let path = folder.file("in.ndjson")
        try "{\"t\":1}\n{\"t\":1e300}\n{\"t\":2}\n".write(toFile: path, atomically: true, encoding: .utf8)
        var seen: [Double] = []
        try run.forEachRecord(in: [path]) { record, _ in
            if let t = try record.seconds("t") { seen.append(t) }
        }
        out.closeWriter()
        err.closeWriter()
        #expect(seen == [1, 2])
        #expect(err.readAll() == "tool: \(path):2: t 1e300 is out of range (-1e9 to 1e9 s)\n")
        #expect(run.diagnostics.firstFailure == .badInput)
    }
}
