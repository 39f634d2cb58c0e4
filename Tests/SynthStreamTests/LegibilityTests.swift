import Foundation
import ReelCore
import ReelTestSupport
import Testing

/// synth-stream --measure-legibility: how much of the skull and count the coder left, against
/// the same pictures drawn again.
@Suite struct LegibilityTests {
    /// The legibility a stream made with `options` measures.
    func legibility(_ options: [String]) throws -> JSONObject {
        let folder = try TemporaryDirectory("legibility")
        let arguments = ["br", "--duration", "40", "--seed", "1"] + options + ["--out", folder.path]
        let made = try Subprocess.run(Repository.script("synth-stream"), arguments)
        guard made.status == 0 else { throw TestSetupError(made.errors) }
        let measured = try Subprocess.run(Repository.script("synth-stream"), arguments + ["--measure-legibility"])
        guard measured.status == 0 else { throw TestSetupError(measured.errors) }
        return try #require(SyntheticStreams.load(folder.url).parameters["legibility"]?.objectValue)
    }

    @Test func aStarvedCoderLeavesAnIllegibleHUD() throws {
        // Seed 1 shows the HUD from 4.3 s: 17 keyframes of it in 40 s.
        let plain = try legibility([])
        #expect(plain["frames"]?.intValue == 17)
        #expect((plain["hud_ssim"]?.doubleValue ?? 0) >= 0.95, "\(plain)")
        // 120 kbit/s for 720p30: skull and digits become blocks (scripts/evaluate's line is 0.6).
        let starved = try legibility(["--bitrate", "120"])
        #expect((starved["hud_ssim"]?.doubleValue ?? 1) < 0.6, "\(starved)")
        #expect((starved["hud_ssim_low"]?.doubleValue ?? 1) <= (starved["hud_ssim"]?.doubleValue ?? 0))
    }

    @Test func measuringWithoutTheStreamIsAUsageError() throws {
        let folder = try TemporaryDirectory("legibility")
        let result = try Subprocess.run(Repository.script("synth-stream"),
                                        ["br", "--duration", "40", "--seed", "1", "--out", folder.path, "--measure-legibility"])
        #expect(result.status == 64, "\(result.errors)")
        #expect(result.errors.contains("--measure-legibility"))
    }
}
