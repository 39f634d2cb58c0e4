import Foundation
import ReelCore
import ReelTestSupport
import Testing

/// The record types and man/reel-records.5 agree: every field a section names (`.TP` then
/// `.B name`) is a field of the type, and every field of the type is named there.
@Suite struct RecordManPageTests {
    /// The fields a section of the page names: `.SH SEGMENT (hls-fetch)` up to the next `.SH`
    /// or `.SS`.
    static func fields(inSection title: String) throws -> [String] {
        let page = try String(contentsOf: Repository.root.appendingPathComponent("man/reel-records.5"), encoding: .utf8)
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix(".SH \(title)") }) else { return [] }
        var fields: [String] = []
        var index = start + 1
        while index < lines.count, !lines[index].hasPrefix(".SH"), !lines[index].hasPrefix(".SS") {
            if lines[index] == ".TP", index + 1 < lines.count, lines[index + 1].hasPrefix(".B ") {
                fields.append(String(lines[index + 1].dropFirst(3)))
            }
            index += 1
        }
        return fields
    }

    @Test func segmentFieldsAreThePages() throws {
        let named = try Self.fields(inSection: "SEGMENT")
        #expect(!named.isEmpty, "no SEGMENT section with fields in man/reel-records.5")
        #expect(named == SegmentRecord.fieldNames)
    }

    @Test func segmentRecordsKeepFieldsTheyDoNotKnow() throws {
        let line = #"{"type":"segment","seq":1,"extra":{"a":[1,2]},"path":"s.ts","start":1e400,"duration":2}"#
        let record = try Record.parse(line: Array(line.utf8))
        let segment = try #require(SegmentRecord(record))
        #expect(segment.path == "s.ts")
        #expect(throws: NumberRangeError.self) { try segment.start }
        #expect(try segment.duration == 2)
        #expect(segment.record.serialized() == Array(line.utf8))
        #expect(SegmentRecord(Record(type: "frame")) == nil)
    }

    @Test func aSegmentIsWrittenInThePagesOrder() {
        let ad = SegmentRecord(sequence: 4, url: "u", path: nil, start: 8, duration: 2, bytes: 0, isAdvertisement: true)
        #expect(String(decoding: ad.record.serialized(), as: UTF8.self)
                    == #"{"type":"segment","seq":4,"url":"u","start":8.0,"duration":2.0,"ad":true}"#)
        #expect(ad.isSkippedAdvertisement)
        let full = SegmentRecord(sequence: 5, url: "u", path: "p", start: 10, duration: 2, bytes: 9, discontinuity: true,
                                 at: "T", isMuted: true, variant: "720p60", wasResumed: true)
        #expect(full.record.object.keys == ["type"] + SegmentRecord.fieldNames.filter { $0 != "ad" })
    }
}
