import Foundation
import ReelCore
import ReelEvents
import ReelProfile
import Testing

/// Times and timings from outside: the detectors' arithmetic never traps whatever the times
/// (F3), and a profile's timings are checked where it is decoded (F4).
@Suite struct HostileTimingTests {
    func reading(_ t: Double, kills: Int?) -> FrameReading {
        FrameReading(time: t, kills: kills, skull: true)
    }

    @Test func aTimeJumpingTo1e19AfterAKillChangeDoesNotTrap() throws {
        // F3: the kill-rate limit was `current + Int(burst + rate * (t - since))`.
        let detector = BattleRoyaleDetector(profile: try Profile.load("br"))
        var events: [Record] = []
        for (t, kills) in [(10.0, 1), (12, 1), (14, 2), (16, 2), (1e19, 3), (1e19, 3), (1.5e19, 3), (2e19, 3)] {
            events += detector.observe(reading(t, kills: kills))
        }
        events += detector.finish()
        let kills = events.filter { $0["kind"]?.stringValue == "kill" }
        #expect(kills.map { $0["value"]?.intValue } == [2, 3])
        #expect(kills.last?["t"]?.doubleValue == 1e19)
        #expect(events.allSatisfy { !$0.serialized().isEmpty })
    }

    @Test func timesNearTheEndsOfADoubleDoNotTrapEitherDetector() throws {
        for profile in ["br", "football"] {
            let loaded = try Profile.load(profile)
            let detector: EventDetector = loaded.kind == "football" ? FootballDetector(profile: loaded) : BattleRoyaleDetector(profile: loaded)
            for t in [0, 1e300, 1.7e308, -1e300, 5, .greatestFiniteMagnitude] {
                var frame = reading(t, kills: Int.max)
                frame.texts = ["scoreboard": "ABC99-99DEF", "replay": "REPLAY", "placed": "PLACED#99OF20"]
                _ = detector.observe(frame)
            }
            _ = detector.finish()
        }
    }

    func load(_ json: String) throws -> Profile {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("profile-\(UUID().uuidString).json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try Profile.load(path)
    }

    @Test(arguments: [
        (#"{"extends":"br","timings":{"burst":1e19}}"#, "timing burst is 1e+19: it must be a number from 0 to 86400"),
        (#"{"extends":"br","timings":{"kills_per_second":1e19}}"#, "timing kills_per_second is 1e+19: it must be a number from 0 to 86400"),
        (#"{"extends":"br","timings":{"quiet":-1}}"#, "timing quiet is -1.0: it must be a number from 0 to 86400"),
        (#"{"extends":"br","clips":{"kill":{"before":10,"after":1e300}}}"#,
         "clip window kill.after is 1e+300: it must be a number of seconds from 0 to 86400"),
    ])
    func timingsOutOfRangeAreRefusedByName(_ json: String, _ reason: String) throws {
        let error = #expect(throws: ToolError.self) { try load(json) }
        #expect(error?.reason == reason)
        #expect(error?.failure == .badInput)
    }

    @Test func aTimingBeyondADoublesRangeIsRefused() throws {
        let error = #expect(throws: ToolError.self) { try load(#"{"extends":"br","timings":{"quiet":1e400}}"#) }
        #expect(error?.failure == .badInput)
    }

    @Test func timingsInRangeAreTaken() throws {
        let profile = try load(#"{"extends":"br","timings":{"burst":0,"kills_per_second":86400}}"#)
        #expect(profile.timing("burst", default: 3) == 0)
    }
}
