import Foundation
import ReelCore
import ReelTestSupport
import Testing

/// `CompilationRecord` and man/reel-records.5's COMPILATION section agree, and compilations are
/// written in the page's order.
@Suite struct CompilationRecordManPageTests {
    /// The section's text: `.SH TITLE` up to the next `.SH`.
    static func section(_ title: String) throws -> String {
        let page = try String(contentsOf: Repository.root.appendingPathComponent("man/reel-records.5"), encoding: .utf8)
        return try #require(page.components(separatedBy: ".SH \(title)").dropFirst().first?.components(separatedBy: "\n.SH ").first)
    }

    /// The fields a section told in prose names, in order: the first word of each `.B` or `.BR`
    /// line before its example (`.EX`), but for file names (`reviews.ndjson`).
    static func proseFields(inSection title: String) throws -> [String] {
        let prose = try section(title).components(separatedBy: "\n.EX\n").first ?? ""
        return prose.split(separator: "\n").compactMap { line in
            guard line.hasPrefix(".B ") || line.hasPrefix(".BR ") else { return nil }
            return line.split(separator: " ").dropFirst().first.map(String.init)
        }.filter { !$0.contains(".") }
    }

    /// The keys of the section's first example line, in order.
    static func exampleKeys(inSection title: String) throws -> [String] {
        let example = try #require(try section(title).components(separatedBy: ".EX\n").dropFirst().first?.components(separatedBy: "\n").first)
        return try Record.parse(line: Array(example.utf8)).object.keys
    }

    @Test func compilationFieldsAreThePages() throws {
        #expect(try Self.proseFields(inSection: "COMPILATION") == CompilationRecord.fieldNames)
        #expect(try Self.exampleKeys(inSection: "COMPILATION") == ["type"] + CompilationRecord.fieldNames)
        let section = try Self.section("COMPILATION")
        for method in ["copy", "normalised"] {
            #expect(section.contains(#"\fB""# + method + #""\fR"#), "\(method)")
        }
    }

    @Test func aCompilationIsWrittenInThePagesOrder() throws {
        func text(_ compilation: CompilationRecord) -> String { String(decoding: compilation.record.serialized(), as: UTF8.self) }
        let full = CompilationRecord(path: "best-of.mp4", duration: 312.4, clips: ["a.mp4", "b.mp4"], method: "copy",
                                     credits: "best-of.credits.txt")
        #expect(text(full) == #"{"type":"compilation","path":"best-of.mp4","duration":312.4,"clips":["a.mp4","b.mp4"],"#
                    + #""method":"copy","credits":"best-of.credits.txt"}"#)
        #expect(full.path == "best-of.mp4")
        #expect(full.duration == 312.4)
        #expect(full.clips == ["a.mp4", "b.mp4"])
        #expect(full.method == "copy")
        #expect(full.credits == "best-of.credits.txt")
        #expect(text(CompilationRecord(path: "o.mp4", duration: 2, clips: [], method: "normalised", credits: nil))
                    == #"{"type":"compilation","path":"o.mp4","duration":2.0,"clips":[],"method":"normalised"}"#)
        let line = #"{"type":"compilation","clips":["a.mp4",3],"x":1}"#
        let odd = try #require(CompilationRecord(try Record.parse(line: Array(line.utf8))))
        #expect(odd.path == nil)
        #expect(odd.clips == ["a.mp4"])
        #expect(odd.record.serialized() == Array(line.utf8))
        #expect(CompilationRecord(Record(type: "clip")) == nil)
    }
}
