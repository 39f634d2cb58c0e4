import Foundation
import ReelTestSupport
import Testing

/// clip-bin, clip-find and clip-review with hostile bins, ledgers and Helix answers.
@Suite struct HostileClipBinTests {
    @Test(arguments: [["status"], ["check"], ["mark-used", "--id", "x"], ["download"]])
    func readingAMissingBinNeverMakesIt(_ arguments: [String]) throws {
        let folder = try TemporaryDirectory()
        let bin = folder.file("nobin")
        let result = try Hostile.run("clip-bin", [arguments[0], bin] + arguments.dropFirst(), input: "")
        #expect(result.status == 66)
        #expect(result.errors == "clip-bin: \(bin): no such bin\n")
        #expect(!FileManager.default.fileExists(atPath: bin))
        let review = try Hostile.run("clip-review", [bin, folder.file("r.html")])
        #expect(review.status == 66)
        #expect(!FileManager.default.fileExists(atPath: bin))
    }

    @Test(arguments: [
        (#"{"type":"clip","id":"a","status":"found"}"# + "\n" + #"{"type":"clip","id":"a","status":"found"}"#,
         ":2: clip a is in the ledger twice: fix or remove a line (the ledger is left as it is)"),
        (#"{"type":"clip","id":"a","status":"weird"}"#, ":1: clip a has status \"weird\", not found, downloaded, used or missing"),
        (#"{"type":"clip","id":"a","status":"downloaded","file":"../../../../etc/passwd"}"#,
         ":1: clip a has file \"../../../../etc/passwd\", not clips/NAME inside the bin"),
        (#"{"type":"clip","id":"a","status":"downloaded","file":"/etc/passwd"}"#, ":1: clip a has file \"/etc/passwd\", not clips/NAME inside the bin"),
        (#"{"type":"clip","id":"","status":"found"}"#, ":1: not a clip record with an id: fix or remove it (the ledger is left as it is)"),
    ])
    func aHostileLedgerIsRefusedAtItsLine(_ ledger: String, _ reason: String) throws {
        let folder = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder.file("bin"), withIntermediateDirectories: true)
        try (ledger + "\n").write(toFile: folder.file("bin/bin.ndjson"), atomically: true, encoding: .utf8)
        for command in ["status", "check"] {
            let result = try Hostile.run("clip-bin", [command, folder.file("bin")])
            #expect(result.status == 65)
            #expect(result.errors == "clip-bin: \(folder.file("bin/bin.ndjson"))\(reason)\n")
        }
        #expect(try String(contentsOfFile: folder.file("bin/bin.ndjson"), encoding: .utf8) == ledger + "\n", "left as it is")
    }

    @Test func aClipWithAnEmptyIdIsReportedNotSilentlyDropped() throws {
        let folder = try TemporaryDirectory()
        let input = #"{"type":"clip","id":""}"# + "\n" + #"{"type":"clip","id":7}"# + "\n" + #"{"type":"clip","id":"ok"}"# + "\n"
        let result = try Hostile.run("clip-bin", ["add", folder.file("bin")], input: input)
        #expect(result.status == 65)
        #expect(Hostile.messages(result).prefix(2) == [
            #"clip-bin: stdin:1: its id is "", not a non-empty string: not added"#,
            "clip-bin: stdin:2: its id is 7, not a non-empty string: not added",
        ])
        let records = try jsonLines(result.output)
        #expect(records.count == 3, "every record passes through")
        #expect(records.last?["bin_status"] as? String == "added")
    }

    @Test func helixEntriesThatAreNotClipsAreSkippedAndReported() throws {
        let server = try StaticFileServer(root: "/nonexistent")
        let pages = Counter()
        server.route("/helix/games") { _ in TestReply(status: 200, text: #"{"data":[{"id":"1","name":"G"}]}"#, contentType: "application/json") }
        server.route("/helix/clips") { _ in
            // Junk, then a clip with numbers out of range, a good one, and a cursor that never moves.
            _ = pages.next()
            return TestReply(status: 200, text: #"{"data":[1,"x",null,{"id":5},{"id":"big","duration":1e308,"vod_offset":-1e308},{"id":"good","duration":20,"view_count":3}],"pagination":{"cursor":"SAME"}}"#,
                             contentType: "application/json")
        }
        let result = try Hostile.run("clip-find", ["--game", "G", "--language", "xx"], seconds: 60,
                                     environment: ["REEL_TWITCH_HELIX": server.url + "/helix", "REEL_TWITCH_HELIX_CLIENT_ID": "id",
                                                   "REEL_TWITCH_HELIX_TOKEN": "token"])
        #expect(result.status == 65)
        #expect(result.output.isEmpty, "no clip in language xx")
        let messages = Hostile.messages(result)
        #expect(messages.filter { $0 == "clip-find: helix/clips: an entry of helix/clips that is not an object: skipped" }.count == 6)
        #expect(messages.contains("clip-find: helix/clips: a Helix clip without an id: skipped"))
        #expect(messages.contains("clip-find: helix/clips: clip big: duration 1e308 is out of range (0 to 86400 s): skipped"))
        #expect(messages.contains("clip-find: helix/clips: the next page's cursor is the one just used: paging stopped"))
        #expect(server.requests(for: "/helix/clips").count == 2)
    }
}
