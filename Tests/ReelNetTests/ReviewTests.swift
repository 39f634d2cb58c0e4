import Foundation
@testable import ReelClipBin
import ReelCore
import ReelTestSupport
import Testing

/// The review server's parts that decide on their own: password hashes, accounts, decisions.
@Suite struct ReviewTests {
    @Test func pbkdf2MatchesRFC7914sTestVectorAndOnlyTheRightPassword() throws {
        // RFC 7914, 11: PBKDF2-HMAC-SHA256 of "passwd" with salt "salt", 1 iteration, first 32 bytes.
        let derived = try PasswordHash.derive("passwd", salt: Array("salt".utf8), iterations: 1)
        #expect(derived.hex == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
        let hash = try PasswordHash.make("correct horse", iterations: 1000)
        #expect(hash.matches("correct horse") && !hash.matches("correct horse ") && !hash.matches(""))
        #expect(try PasswordHash.make("correct horse", iterations: 1000).salt != hash.salt, "a fresh salt each time")
        #expect(!PasswordHash(iterations: 0, salt: hash.salt, hash: hash.hash).matches("correct horse"))
    }

    @Test func accountsRefuseBadNamesAndKeepOnlyHashes() throws {
        let folder = try TemporaryDirectory()
        let accounts = ReviewAccounts(bin: try ClipBin(folder: folder.file("bin")))
        #expect(try accounts.set("alice", password: "long enough", replace: false, iterations: 1000))
        #expect(throws: ToolError.self) { try accounts.set("alice", password: "another one", replace: false, iterations: 1000) }
        #expect(throws: ToolError.self) { try accounts.set("../x", password: "long enough", replace: false) }
        #expect(throws: ToolError.self) { try accounts.set("bob", password: "short", replace: false) }
        #expect(try accounts.verify("alice", password: "long enough") && !(try accounts.verify("alice", password: "wrong")))
        #expect(!(try accounts.verify("nobody", password: "long enough")))
        let text = try String(contentsOfFile: accounts.path, encoding: .utf8)
        #expect(!text.contains("long enough") && text.contains("\"kdf\":\"pbkdf2-sha256\""))
        // A hostile file (an absurd iteration count) is refused, never run.
        try (text.replacingOccurrences(of: "\"iterations\":1000", with: "\"iterations\":1e15")).write(toFile: accounts.path, atomically: true, encoding: .utf8)
        #expect(throws: ToolError.self) { try accounts.verify("alice", password: "long enough") }
    }

    @Test func decisionsTakeOnlyCheckedFieldsAndFoldByClipID() throws {
        let good: JSONObject = ["id": "a", "keep": true, "trim_start": 1.5]
        #expect(try ReviewLedger.decision(from: good) == ["keep": true, "trim_start": 1.5])
        for bad: JSONObject in [["id": "a", "volume": 11], ["id": "a", "trim_end": -1], ["id": "a", "keep": "yes"],
                                ["id": "a", "path": "/etc/passwd"], ["id": "a"], ["id": "a", "position": 1e300]] {
            #expect(throws: ToolError.self) { try ReviewLedger.decision(from: bad) }
        }
        let folder = try TemporaryDirectory()
        let ledger = ReviewLedger(bin: try ClipBin(folder: folder.file("bin")))
        try ledger.record(["keep": true], on: "a", by: "alice")
        try ledger.record(["trim_start": 2], on: "b", by: "bob")
        try ledger.record(["volume": 0.5], on: "a", by: "bob")
        let states = try ledger.states()
        #expect(states["a"]?.keep == true && states["a"]?.volume == 0.5 && states["a"]?.by == "bob")
        #expect(states["b"]?.trimStart == 2 && states["b"]?.keep == nil)
    }
}
