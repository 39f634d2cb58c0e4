import Foundation
import ReelCore
import ReelTestSupport
import Testing

/// `EventRecord` and man/reel-records.5's EVENT section agree: the kinds, each kind's fields
/// in the order written, and the examples; events are written as the page shows them.
@Suite struct EventRecordManPageTests {
    /// The EVENT section's lines, `.SH EVENT` up to the next `.SH`.
    static func sectionLines() throws -> [String] {
        let page = try String(contentsOf: Repository.root.appendingPathComponent("man/reel-records.5"), encoding: .utf8)
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix(".SH EVENT") }) else { return [] }
        let rest = lines[(start + 1)...]
        return Array(rest.prefix { !$0.hasPrefix(".SH") })
    }

    /// Each kind the section tells (`.TP` then `.B kind`) with the fields its paragraph names
    /// (`.B name` lines), in the page's order.
    static func kinds() throws -> [(kind: String, fields: [String])] {
        let lines = try sectionLines()
        var kinds: [(kind: String, fields: [String])] = []
        var index = 0
        while index < lines.count {
            if lines[index] == ".TP", index + 1 < lines.count, lines[index + 1].hasPrefix(".B ") {
                var fields: [String] = []
                var next = index + 2
                while next < lines.count, lines[next] != ".TP", lines[next] != ".PP", lines[next] != ".EX" {
                    if lines[next].hasPrefix(".B ") { fields.append(String(lines[next].dropFirst(3))) }
                    next += 1
                }
                kinds.append((String(lines[index + 1].dropFirst(3)), fields))
                index = next
            } else {
                index += 1
            }
        }
        return kinds
    }

    @Test func theKindsAndTheirFieldsAreThePages() throws {
        let told = try Self.kinds()
        #expect(told.map(\.kind) == EventRecord.Kind.allCases.map(\.rawValue))
        for (name, fields) in told {
            let kind = try #require(EventRecord.Kind(rawValue: name))
            // `clip` is told once, for any event.
            #expect(fields == kind.fields.filter { $0 != .clip }.map(\.rawValue), "\(name)")
        }
        let bold = try RecordManPageTests.boldWords(inSection: "EVENT")
        #expect(bold.isSuperset(of: ["kind", "clip"]))
        let named = Set(["kind", "clip"] + told.flatMap(\.fields))
        #expect(named == Set(EventRecord.fieldNames))
    }

    @Test func thePagesExamplesAreInTheWritersOrder() throws {
        let lines = try Self.sectionLines()
        let examples = lines.drop { $0 != ".EX" }.dropFirst().prefix { $0 != ".EE" }
        #expect(!examples.isEmpty)
        for line in examples {
            let record = try Record.parse(line: Array(line.utf8))
            let event = try #require(EventRecord(record), "\(line)")
            let kind = try #require(event.kind.flatMap(EventRecord.Kind.init(rawValue:)), "\(line)")
            let order = ["type", "kind"] + kind.fields.map(\.rawValue)
            let keys = record.object.keys
            #expect(keys == order.filter(keys.contains), "\(line)")
        }
    }

    @Test func eachKindIsWrittenInItsOrder() throws {
        func text(_ event: EventRecord) -> String { String(decoding: event.record.serialized(), as: UTF8.self) }
        let ending = EventRecord.MatchEnd(end: 1904.5, kills: 7, placement: 3, died: true, confidence: 0.98)
        #expect(text(.match(start: 812, ending: ending, clip: (807, 1912.5)))
                    == #"{"type":"event","kind":"match","start":812.0,"end":1904.5,"kills":7,"placement":3,"died":true,"#
                    + #""confidence":0.98,"clip":{"start":807.0,"end":1912.5}}"#)
        #expect(text(.match(start: nil, ending: EventRecord.MatchEnd(end: 3, kills: 0, placement: nil, died: false, confidence: 0),
                            clip: nil))
                    == #"{"type":"event","kind":"match","end":3.0,"kills":0,"died":false,"confidence":0.0,"partial":true}"#)
        #expect(text(.match(start: 5.0004, ending: nil, clip: nil)) == #"{"type":"event","kind":"match","start":5.0,"partial":true}"#)
        #expect(text(.kill(at: 12.3456, value: 2, clip: (-1, 16)))
                    == #"{"type":"event","kind":"kill","t":12.346,"value":2,"clip":{"start":0.0,"end":16.0}}"#)
        #expect(text(.goal(at: 1234.5, team: .home, score: (2, 1), clip: (1214.5, 1239.5), confidence: 0.9))
                    == #"{"type":"event","kind":"goal","t":1234.5,"team":"home","score":[2,1],"#
                    + #""clip":{"start":1214.5,"end":1239.5},"confidence":0.9}"#)
        #expect(text(.period(at: 2700, label: "HT", end: 3600)) == #"{"type":"event","kind":"period","t":2700.0,"label":"HT","end":3600.0}"#)
        #expect(text(.period(at: 5400, label: "FT", end: nil)) == #"{"type":"event","kind":"period","t":5400.0,"label":"FT"}"#)
    }

    @Test func anEventIsReadThroughTheView() throws {
        let line = #"{"type":"event","kind":"goal","extra":[1],"t":5,"clip":{"start":1e300,"end":9},"start":2}"#
        let event = try #require(EventRecord(try Record.parse(line: Array(line.utf8))))
        #expect(event.kind == "goal")
        #expect(try event.t == 5)
        #expect(try event.start == 2)
        #expect(try event.end == nil)
        #expect(throws: NumberRangeError.self) { try event.clipStart }
        #expect(try event.clipEnd == 9)
        #expect(event.place == "goal event at 5 s")
        #expect(event.record.serialized() == Array(line.utf8))
        #expect(EventRecord(Record(type: "clip")) == nil)
        let bare = EventRecord(unchecked: Record(type: "event", ["start": 1.5, "clip": 3]))
        #expect(bare.place == "event at 1.5 s")
        #expect(try bare.clipStart == nil)
    }
}
