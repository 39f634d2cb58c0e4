import Foundation
import ReelTestSupport
import Testing

/// event-detect on hostile frames and profiles: a clear `tool: where: what`, exit 65 or 64,
/// never a trap.
@Suite struct HostileEventDetectTests {
    @Test func aFrameTimeOf1e19IsRefusedAndTheOthersRead() throws {
        // F3: trapped (exit 132) and lost every record after.
        let result = try Hostile.run("event-detect", [Hostile.fixture("eventdetect_t_1e19.ndjson")])
        #expect(result.status == 65)
        #expect(Hostile.messages(result) == [
            "event-detect: \(Hostile.fixture("eventdetect_t_1e19.ndjson")):5: t 1e19 is out of range (-1e9 to 1e9 s)",
            "event-detect: \(Hostile.fixture("eventdetect_t_1e19.ndjson")):6: t 1e19 is out of range (-1e9 to 1e9 s)",
        ])
        let events = try jsonLines(result.output)
        #expect(events.contains { $0["kind"] as? String == "kill" && $0["value"] as? Int == 2 && $0["t"] as? Double == 14 })
        #expect(events.last?["kind"] as? String == "match")
    }

    @Test func framesOutOfOrderAreReportedAndSkipped() throws {
        // F3 minimised, and the smaller case: frames out of order went in silently.
        let path = Hostile.fixture("eventdetect_min.ndjson")
        let result = try Hostile.run("event-detect", [path])
        #expect(result.status == 65)
        #expect(Hostile.messages(result) == [
            "event-detect: \(path):2: frame at 136 s is before the previous frame's (176 s): skipped",
            "event-detect: \(path):3: frame at 134 s is before the previous frame's (176 s): skipped",
            "event-detect: \(path):4: t 9223372036854775807 is out of range (-1e9 to 1e9 s)",
        ])
        let repeated = #"{"type":"frame","t":4}"# + "\n" + #"{"type":"frame","t":4}"# + "\n"
        let again = try Hostile.run("event-detect", [], input: repeated)
        #expect(again.status == 65)
        #expect(again.errors == "event-detect: stdin:2: frame at 4 s repeats the previous frame's time (4 s): skipped\n")
    }

    @Test(arguments: [
        (#"{"extends":"br","timings":{"burst":1e19}}"#, "timing burst is 1e+19: it must be a number from 0 to 86400"),
        (#"{"extends":"br","timings":{"kills_per_second":1e19}}"#, "timing kills_per_second is 1e+19: it must be a number from 0 to 86400"),
        (#"{"extends":"br","timings":{"quiet":-12}}"#, "timing quiet is -12.0: it must be a number from 0 to 86400"),
    ])
    func profileTimingsOutOfRangeAreRefused(_ profile: String, _ reason: String) throws {
        // F4, and negative timings (the smaller list).
        let folder = try TemporaryDirectory()
        let path = folder.file("p.json")
        try profile.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try Hostile.run("event-detect", ["--profile", path, Hostile.fixture("eventdetect_t_1e19.ndjson")])
        #expect(result.status == 65)
        #expect(result.errors == "event-detect: \(path): \(reason)\n")
        #expect(result.output.isEmpty)
    }

    @Test func clipWindowsOfOptionsAreBounded() throws {
        // `--clip-after inf` wrote "end":null.
        let result = try Hostile.run("event-detect", ["--clip-after", "inf"], input: "")
        #expect(result.status == 64)
        #expect(result.errors == "event-detect: --clip-after: inf is out of range (0 to 86400 s)\n")
    }

    @Test func printProfileTakesTheNameAfterIt() throws {
        // `--print-profile football` printed the br profile (the name was read as an input file).
        let result = try Hostile.run("event-detect", ["--print-profile", "football"])
        #expect(result.status == 0)
        let profile = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        #expect(profile?["name"] as? String == "football")
        let both = try Hostile.run("event-detect", ["--print-profile", "--profile", "br", "football"])
        #expect(both.status == 64)
        #expect(both.errors.hasPrefix("event-detect: --print-profile: "))
    }
}
