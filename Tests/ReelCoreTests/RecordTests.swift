import ReelCore
import Testing

@Suite struct RecordTests {
    @Test func anUnchangedRecordIsWrittenAsTheSameBytes() throws {
        let line = Array(#"{"type": "mystery",  "x" : 1.50, "nested": {"k": [1, 2]}}"#.utf8)
        let record = try Record.parse(line: line)
        #expect(record.type == "mystery")
        #expect(record.serialized() == line)
    }

    @Test func aChangedRecordKeepsUnknownFieldsInOrder() throws {
        var record = try Record.parse(line: Array(#"{"type":"frame","zeta":1.50,"t":3,"alpha":"é"}"#.utf8))
        record["ocr"] = ["hud": ["text": "READY", "conf": 91]]
        #expect(String(decoding: record.serialized(), as: UTF8.self)
            == #"{"type":"frame","zeta":1.50,"t":3,"alpha":"é","ocr":{"hud":{"text":"READY","conf":91}}}"#)
        record["zeta"] = nil
        #expect(record.object.keys == ["type", "t", "alpha", "ocr"])
    }

    @Test func aNewRecordStartsWithItsType() {
        let record = Record(type: "event", ["kind": "goal", "t": 12.5, "type": "ignored"])
        #expect(record.object.keys == ["type", "kind", "t"])
        #expect(record.type == "event")
    }

    @Test func onlyObjectsAreRecords() {
        #expect(throws: RecordError.self) { try Record.parse(line: Array("[1,2]".utf8)) }
        #expect(throws: RecordError.self) { try Record.parse(line: Array("\"frame\"".utf8)) }
    }
}
