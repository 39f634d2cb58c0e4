import Foundation
import ReelCore
import ReelTestSupport
import Testing

/// `PostRecord` and man/reel-records.5's POST section agree, and posts are written in the
/// page's order.
@Suite struct PostRecordManPageTests {
    @Test func postFieldsAreThePages() throws {
        let named = try RecordManPageTests.fields(inSection: "POST")
        #expect(!named.isEmpty, "no POST section with fields in man/reel-records.5")
        #expect(named == PostRecord.fieldNames)
        let page = try String(contentsOf: Repository.root.appendingPathComponent("man/reel-records.5"), encoding: .utf8)
        let section = try #require(page.components(separatedBy: ".SH POST").dropFirst().first?.components(separatedBy: "\n.SH ").first)
        for status in PostRecord.Status.allCases {
            #expect(section.contains(#"\fB""# + status.rawValue + #""\fR"#), "\(status)")
        }
        // The example's fields come in the writer's order.
        let example = try #require(section.components(separatedBy: ".EX\n").dropFirst().first?.components(separatedBy: "\n").first)
        let keys = try Record.parse(line: Array(example.utf8)).object.keys
        #expect(keys == (["type"] + PostRecord.fieldNames).filter(keys.contains))
    }

    @Test func aPostIsWrittenInThePagesOrder() throws {
        func text(_ post: PostRecord) -> String { String(decoding: post.record.serialized(), as: UTF8.self) }
        #expect(text(PostRecord(hook: "team-chat", status: .delivered, attempts: 2, http: 200, id: "1180", key: "3f9c0a7e",
                                for: "clips/goal-1234.mp4", reason: nil))
                    == #"{"type":"post","hook":"team-chat","status":"delivered","attempts":2,"http":200,"id":"1180","#
                    + #""key":"3f9c0a7e","for":"clips/goal-1234.mp4"}"#)
        let full = PostRecord(hook: "h", status: .linkOnly, attempts: 1, http: 200, url: "u", id: "i", key: "k", for: "f",
                              reason: "r")
        #expect(full.record.object.keys == ["type"] + PostRecord.fieldNames)
        #expect(full.status == .linkOnly)
        #expect(text(PostRecord(hook: "h", status: .delivered, attempts: nil, http: nil, key: "k", for: "f", reason: "r"))
                    == #"{"type":"post","hook":"h","status":"delivered","key":"k","for":"f","reason":"r"}"#)
        let line = #"{"type":"post","status":"lost","x":1}"#
        let odd = try #require(PostRecord(try Record.parse(line: Array(line.utf8))))
        #expect(odd.status == nil)
        #expect(odd.record.serialized() == Array(line.utf8))
    }
}
