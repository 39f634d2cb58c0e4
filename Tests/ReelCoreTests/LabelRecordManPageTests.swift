import Foundation
import ReelCore
import ReelTestSupport
import Testing

/// `LabelRecord`, man/reel-records.5's LABEL section and the label page's script, which writes
/// the labels, agree.
@Suite struct LabelRecordManPageTests {
    @Test func labelFieldsAreThePages() throws {
        let named = try RecordManPageTests.fields(inSection: "LABEL")
        #expect(!named.isEmpty, "no LABEL section with fields in man/reel-records.5")
        #expect(named == LabelRecord.fieldNames)
    }

    @Test func theLabelPageWritesThemInOrder() throws {
        let template = Repository.root.appendingPathComponent("Sources/ReelCommands/digit-classify/LabelPage+Template.swift")
        let script = try String(contentsOf: template, encoding: .utf8)
        let start = try #require(script.range(of: #"{"type":"label""#), "the page's script writes no label")
        let writing = script[start.lowerBound...].prefix(300)
        let places = try LabelRecord.fieldNames.map { name in
            try #require(writing.range(of: "\"\(name)\":"), "\(name)").lowerBound
        }
        #expect(places == places.sorted())
    }

    @Test func aLabelIsReadThroughTheView() throws {
        let line = #"{"type":"label","t":12.5,"value":3,"source":"vod.ts","extra":1}"#
        let label = try #require(LabelRecord(try Record.parse(line: Array(line.utf8))))
        #expect(label.time == 12.5)
        #expect(label.count == 3)
        #expect(label.source == "vod.ts")
        #expect(label.record.serialized() == Array(line.utf8))
        let odd = LabelRecord(unchecked: Record(type: "label", ["t": -1, "value": [2, 1]]))
        #expect(odd.time == nil)
        #expect(odd.count == nil)
        #expect(odd.value == [2, 1])
        #expect(LabelRecord(Record(type: "frame")) == nil)
    }
}
