import Foundation
import ReelTestSupport
import Testing

/// The readers on streams of the widened generator (synth-stream --hard and its looks), the
/// cases independent streams broke: a yellow GOAL banner, a high-contrast binary background,
/// and a noisy 1080p60 stream at Twitch's 6 Mbit/s. What still fails is marked as a known issue
/// (issue 18 stays open for it), so the run shows it without failing. Each is read with the built-in profiles as
/// a user runs them (read-events, or the readers of its pipeline) and judged by the truth.
@Suite(.serialized) struct WidenedStreamTests {
    static func readEvents(_ profile: String, _ stream: SyntheticStream) throws -> [[String: Any]] {
        let result = try Tools.readEvents(profile, stream.video)
        try #require(result.status == 0, "\(result.errors)")
        return try jsonLines(result.output)
    }

    @Test func aYellowGoalBannerGivesEachGoalItsMoment() throws {
        // Seed 2 of --hard: the banner in yellow (#FFD200) without a box, over a panned photograph.
        let stream = try SyntheticStreams.make("football", duration: 150, seed: 2, options: ["--hard"])
        let colours = stream.parameters["colours"]?.objectValue
        try #require(colours?["goal"]?.stringValue == "#FFD200", "the stream's banner is yellow: \(stream.parameters)")
        let goals = try Self.readEvents("football", stream).filter { $0["kind"] as? String == "goal" }
        let truth = stream.truth("goal")
        print("yellow banner: truth \(truth.map { $0["t"]?.doubleValue ?? 0 }); found \(goals.map { $0["t"] as? Double ?? 0 })")
        #expect(goals.count == truth.count, "\(goals)")
        for (goal, expected) in zip(goals, truth) {
            #expect((goal["score"] as? [Int]) == expected["score"]?.arrayValue?.compactMap(\.intValue))
            // The second goal shows no banner: its moment comes from its replay, whose green
            // REPLAY over the saturated scene is read where it stands still (it was not, and the
            // moment came from the score's change, 3.2 s early).
            #expect(abs((goal["t"] as? Double ?? -99) - (expected["t"]?.doubleValue ?? 0)) <= 3, "\(goal)")
        }
    }

    @Test func aMatchOnABlackAndWhiteCellularBackgroundIsFound() throws {
        // Pure black and white cells panned under the HUD and the texts, at 3 Mbit/s.
        let stream = try SyntheticStreams.make("br", duration: 240, seed: 512,
                                               options: ["--kill-rate", "5", "--hard", "--background", "cellauto-bw"])
        let matches = try Self.readEvents("br", stream).filter { $0["kind"] as? String == "match" }
        let games = stream.truth("game")
        print("binary background: truth \(games.map { "\($0)" }); found \(matches)")
        try #require(games.count == 1 && matches.count == 1, "\(matches)")
        let game = games[0], match = matches[0]
        #expect(abs((match["start"] as? Double ?? -99) - (game["start"]?.doubleValue ?? 0)) <= 3)
        #expect(abs((match["end"] as? Double ?? -99) - (game["end"]?.doubleValue ?? 0)) <= 3)
        #expect(match["kills"] as? Int == game["kills"]?.intValue)
        #expect(match["placement"] as? Int == game["placement"]?.intValue)
    }

    @Test func theSkullAndCountOfANoisy1080p60StreamAt6MbitAreRead() throws {
        // Strong noise smeared by the VBV of a 6 Mbit/s 1080p60 broadcast; kills 0 to 9 in a minute.
        let stream = try SyntheticStreams.make("br", duration: 60, size: "1920x1080", fps: 60, seed: 18,
                                               options: ["--kill-rate", "12", "--background", "noise", "--noise", "30",
                                                         "--bitrate", "twitch"])
        #expect(stream.parameters["encoding"]?.objectValue?["kbps"]?.intValue == 6000)
        let folder = try TemporaryDirectory()
        let sample = try Tools.run("frame-sample", [stream.video, "--profile", "br", "--mode", "exact", "--every", "1",
                                                    "--out", folder.path])
        try #require(sample.status == 0, "\(sample.errors)")
        let found = try Tools.run("skull-find", ["--profile", "br"], input: sample.output)
        try #require(found.status == 0, "\(found.errors)")
        let read = try Tools.run("digit-classify", ["--profile", "br"], input: found.output)
        try #require(read.status == 0, "\(read.errors)")
        var shown = 0, skulls = 0, counts = 0, invented = 0
        for frame in try jsonLines(read.output) where frame["type"] as? String == "frame" {
            let t = frame["t"] as? Double ?? -1
            let state = stream.screen("hud").first { ($0["start"]?.doubleValue ?? 0) <= t && t < ($0["end"]?.doubleValue ?? 0) }
            let kills = (frame["kills"] as? [String: Any])?["value"] as? Int
            if let state, state["hidden"] == nil {
                shown += 1
                skulls += frame["skull"] is [String: Any] ? 1 : 0
                counts += kills == state["kills"]?.intValue ? 1 : 0
            } else if kills != nil {
                invented += 1
            }
        }
        print("noisy 1080p60 at 6 Mbit/s: \(skulls) skulls and \(counts) counts right of \(shown) frames showing the HUD")
        #expect(shown >= 50)
        #expect(Double(skulls) >= 0.95 * Double(shown), "\(skulls) of \(shown)")
        #expect(Double(counts) >= 0.85 * Double(shown), "\(counts) of \(shown)")
        // Red digits smeared into a dark scene lost their darker half in the red ink map (49 of
        // 56 right before its shades were taken in: 0.875); now 53 or 54 of 56 (the stream made
        // afresh varies by a frame).
        #expect(Double(counts) >= 0.92 * Double(shown), "\(counts) of \(shown)")
        // Known: a white 7 whose stem the coder erased on a bright green scene leaves only its
        // top bar (once cut into a 1 and a 7, read 17; now unread), and a 4 missing its top
        // reads 1: 53 or 54 of 56.
        withKnownIssue("digits half erased by the coder on a noisy scene", isIntermittent: true) {
            #expect(Double(counts) >= 0.95 * Double(shown), "\(counts) of \(shown)")
        }
        #expect(invented == 0)
    }
}
