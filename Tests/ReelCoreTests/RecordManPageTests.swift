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
                // `.B w\fR, \fBh` names two.
                fields += lines[index + 1].dropFirst(3).components(separatedBy: "\\fR, \\fB")
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

    /// Every name a section sets in bold (`.B name`, `.BR name`, `\fBname`).
    static func boldWords(inSection title: String) throws -> Set<String> {
        let page = try String(contentsOf: Repository.root.appendingPathComponent("man/reel-records.5"), encoding: .utf8)
        guard let start = page.range(of: ".SH \(title)") else { return [] }
        let rest = page[start.upperBound...]
        let section = rest.range(of: "\n.SH ").map { rest[..<$0.lowerBound] } ?? rest
        let words = section.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init)
        return Set(words)
    }

    @Test func frameFieldsAreThePages() throws {
        let named = try Self.fields(inSection: "FRAME")
        #expect(named == FrameRecord.fieldNames.filter { $0 != "kills_reason" })
        // kills_reason is told with kills.
        #expect(try Self.boldWords(inSection: "FRAME").contains("kills_reason"))
    }

    @Test func aFramesIconAndCountAreReadAsWritten() throws {
        var frame = try #require(FrameRecord(try Record.parse(line: Array(#"{"type":"frame","t":1,"extra":true}"#.utf8))))
        #expect(frame.icon == .absent)
        frame.setIcon(nil)
        #expect(frame.icon == .notFound)
        frame.setIcon(FrameRecord.Icon(x: 3, y: 4, width: 5, height: 6, score: 0.75))
        #expect(frame.icon == .found(FrameRecord.Icon(x: 3, y: 4, width: 5, height: 6, score: 0.75)))
        frame.setNoKills(reason: "no icon")
        #expect(frame.killCount == nil)
        frame.setKills(FrameRecord.Kills(value: 12, digits: [(1, 0.5), (2, 1)], confidence: 0.5))
        #expect(frame.killCount == 12)
        #expect(String(decoding: frame.record.serialized(), as: UTF8.self)
                    == #"{"type":"frame","t":1,"extra":true,"skull":{"x":3,"y":4,"w":5,"h":6,"score":0.75},"#
                    + #""kills":{"value":12,"digits":[{"d":1,"p":0.5},{"d":2,"p":1.0}],"conf":0.5}}"#)
        let wild = try Record.parse(line: Array(#"{"type":"frame","skull":{"x":1e30,"y":0,"w":1,"h":1}}"#.utf8))
        #expect(FrameRecord(unchecked: wild).icon == .outOfRange)
    }

    @Test func clipFieldsAreThePages() throws {
        let named = try Self.fields(inSection: "CLIP")
        #expect(Set(named).isSubset(of: ClipRecord.fieldNames), "\(named)")
        #expect(Set(ClipRecord.fieldNames).isSubset(of: try Self.boldWords(inSection: "CLIP")))
    }

    @Test func aClipCutClipIsWrittenInThePagesOrder() throws {
        let event = Record(type: "event", ["kind": "goal"])
        let clip = ClipRecord(path: "c.mp4", source: "s.ts", start: 1, end: 3, duration: 2, method: "copy",
                              skipped: [1.5...2], clipped: true, event: event)
        #expect(String(decoding: clip.record.serialized(), as: UTF8.self)
                    == #"{"type":"clip","path":"c.mp4","source":"s.ts","start":1.0,"end":3.0,"duration":2.0,"method":"copy","#
                    + #""skipped":[[1.5,2.0]],"clipped":true,"event":{"type":"event","kind":"goal"}}"#)
        let edited = try #require(ClipRecord(try Record.parse(line: Array(#"{"type":"clip","keep":false,"trim_start":-1,"volume":3}"#.utf8))))
        #expect(!edited.isKept)
        #expect(throws: NumberRangeError.self) { try edited.trimStart }
        #expect(try edited.trimEnd == nil)
        #expect(throws: NumberRangeError.self) { try edited.volume(upTo: 2) }
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
