import Foundation
import ReelCore
import ReelTestSupport
import Testing

/// `DecisionRecord` and `UserRecord` agree with man/reel-records.5's DECISION and USER
/// sections, and are written in the page's order.
@Suite struct ReviewRecordManPageTests {
    @Test func decisionFieldsAreThePages() throws {
        #expect(try CompilationRecordManPageTests.proseFields(inSection: "DECISION") == DecisionRecord.fieldNames)
        let keys = try CompilationRecordManPageTests.exampleKeys(inSection: "DECISION")
        #expect(keys == (["type"] + DecisionRecord.fieldNames).filter(keys.contains))
    }

    @Test func aDecisionIsWrittenAndReadAsThePageSays() throws {
        let changes: JSONObject = ["trim_start": JSONValue(1.5), "keep": .bool(true)]
        let decision = DecisionRecord(id: "BraveGoal-Ab12", by: "alice", at: "2026-11-30T18:25:48.044Z", changes: changes)
        // The changes keep the order they came in.
        #expect(String(decoding: decision.record.serialized(), as: UTF8.self)
                    == #"{"type":"decision","id":"BraveGoal-Ab12","by":"alice","at":"2026-11-30T18:25:48.044Z","#
                    + #""trim_start":1.5,"keep":true}"#)
        #expect(decision.id == "BraveGoal-Ab12")
        #expect(decision.by == "alice")
        #expect(decision.keep == .some(true))
        #expect(try decision.trimStart == 1.5)
        #expect(try decision.trimEnd == nil)
        let line = #"{"type":"decision","id":"c","keep":null,"volume":11,"position":-2,"x":1}"#
        let odd = try #require(DecisionRecord(try Record.parse(line: Array(line.utf8))))
        #expect(odd.keep == .some(nil))
        #expect(throws: NumberRangeError.self) { try odd.volume }
        #expect(try odd.position == -2)
        #expect(odd.record.serialized() == Array(line.utf8))
        #expect(DecisionRecord.range(of: .by) == nil)
        #expect(DecisionRecord.range(of: .volume) == 0...10)
    }

    @Test func userFieldsAreThePages() throws {
        #expect(try CompilationRecordManPageTests.proseFields(inSection: "USER") == UserRecord.fieldNames)
        #expect(try CompilationRecordManPageTests.exampleKeys(inSection: "USER") == ["type"] + UserRecord.fieldNames)
    }

    @Test func aUserIsWrittenAndReadAsThePageSays() throws {
        let user = UserRecord(name: "alice", kdf: "pbkdf2-sha256", iterations: 600_000, salt: "00ff", hash: "abcd")
        #expect(String(decoding: user.record.serialized(), as: UTF8.self)
                    == #"{"type":"user","name":"alice","kdf":"pbkdf2-sha256","iterations":600000,"salt":"00ff","hash":"abcd"}"#)
        #expect(user.name == "alice")
        #expect(user.kdf == "pbkdf2-sha256")
        #expect(user.iterations == 600_000)
        #expect(user.salt == "00ff")
        #expect(user.hash == "abcd")
        let line = #"{"type":"user","name":3,"x":1}"#
        let odd = try #require(UserRecord(try Record.parse(line: Array(line.utf8))))
        #expect(odd.name == nil)
        #expect(odd.record.serialized() == Array(line.utf8))
    }
}
