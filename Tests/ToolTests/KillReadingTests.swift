import Foundation
import ReelTestSupport
import Testing

/// skull-find and digit-classify end to end on a synthetic battle-royale stream.
@Suite(.serialized) struct KillReadingTests {
    static let hud = "hud=0.5,0,0.5,0.1"

    /// frame-sample (exact, colour HUD crop) | skull-find | digit-classify over a stream.
    func read(_ stream: SyntheticStream, every: Double, folder: TemporaryDirectory, classify: Bool = true)
        throws -> [[String: Any]]
    {
        let sample = try Tools.run("frame-sample", [stream.video, "--mode", "exact", "--every", String(every), "--rgb",
                                                    "--crop", Self.hud, "--out", folder.path])
        #expect(sample.status == 0, "\(sample.errors)")
        let found = try Tools.run("skull-find", [], input: sample.output)
        #expect(found.status == 0, "\(found.errors)")
        guard classify else { return try jsonLines(found.output) }
        let read = try Tools.run("digit-classify", [], input: found.output)
        #expect(read.status == 0, "\(read.errors)")
        return try jsonLines(read.output)
    }

    @Test func skullsAndKillCountsMatchWhatTheHUDShows() throws {
        let stream = try SyntheticStreams.make("br", duration: 240, seed: 2)
        let folder = try TemporaryDirectory()
        let frames = try read(stream, every: 1, folder: folder)
        var shown = 0, skullsRight = 0, killsRight = 0, falseSkulls = 0, falseKills = 0
        for frame in frames {
            let t = frame["t"] as? Double ?? -1
            let crop = ((frame["crops"] as? [String: Any])?["hud"] as? [String: Any])?["box"] as? [Int] ?? [0, 0]
            let state = stream.screen("hud").first { ($0["start"]?.doubleValue ?? 0) <= t && t < ($0["end"]?.doubleValue ?? 0) }
            let skull = frame["skull"] as? [String: Any]
            let kills = frame["kills"] as? [String: Any]
            if let state, state["hidden"] == nil {
                shown += 1
                let box = state["skull"]?.arrayValue?.compactMap(\.intValue) ?? []
                if let skull, abs((skull["x"] as? Int ?? -99) - (box[0] - crop[0])) <= 3,
                   abs((skull["y"] as? Int ?? -99) - (box[1] - crop[1])) <= 3 {
                    skullsRight += 1
                }
                if kills?["value"] as? Int == state["kills"]?.intValue {
                    killsRight += 1
                }
            } else {
                if skull != nil { falseSkulls += 1 }
                if kills != nil { falseKills += 1 }
                #expect(frame["kills_reason"] as? String != nil, "a reason when there is no count")
            }
        }
        #expect(shown > 150)
        #expect(Double(skullsRight) >= 0.99 * Double(shown), "\(skullsRight) of \(shown) skulls")
        #expect(Double(killsRight) >= 0.99 * Double(shown), "\(killsRight) of \(shown) kill counts")
        #expect(falseSkulls == 0 && falseKills == 0)
    }

    @Test func aRecordWithoutASkullGetsNullWithAReason() throws {
        let input = [
            #"{"type":"frame","t":1.0,"crops":{"hud":{"path":"x.ppm"}},"skull":null}"#,
            #"{"type":"frame","t":2.0,"crops":{"hud":{"path":"x.ppm"}}}"#,
            #"{"type":"event","kind":"kill","t":3.0}"#,
        ].joined(separator: "\n") + "\n"
        let result = try Tools.run("digit-classify", [], input: input)
        #expect(result.status == 0)
        let records = try jsonLines(result.output)
        #expect(records[0]["kills_reason"] as? String == "no icon")
        #expect((records[1]["kills_reason"] as? String)?.contains("skull-find") == true)
        #expect(result.lines[2] == #"{"type":"event","kind":"kill","t":3.0}"#)
    }

    @Test func datasetsTrainReproduciblyAndEvaluate() throws {
        let stream = try SyntheticStreams.make("br", duration: 240, seed: 2)
        let folder = try TemporaryDirectory()
        let frames = try Tools.run("frame-sample", [stream.video, "--mode", "exact", "--every", "2", "--rgb", "--crop", Self.hud,
                                                    "--out", folder.file("f")])
        let found = try Tools.run("skull-find", [], input: frames.output)
        let dataset = folder.file("d.dataset")
        let made = try Tools.run("digit-classify", ["dataset", "--screen", stream.directory.appendingPathComponent("screen.ndjson").path,
                                                    "--out", dataset], input: found.output)
        #expect(made.status == 0, "\(made.errors)")
        #expect(made.errors.contains("0 frames cut to another number of digits"))
        let first = try Tools.run("digit-classify", ["train", dataset, "--out", folder.file("a.weights"), "--epochs", "2", "--seed", "7", "--threads", "1"])
        let second = try Tools.run("digit-classify", ["train", dataset, "--out", folder.file("b.weights"), "--epochs", "2", "--seed", "7", "--threads", "2"])
        #expect(first.status == 0 && second.status == 0, "\(first.errors)")
        let a = try Data(contentsOf: URL(fileURLWithPath: folder.file("a.weights")))
        let b = try Data(contentsOf: URL(fileURLWithPath: folder.file("b.weights")))
        #expect(a == b, "the same seed gives the same weights, whatever the threads")
        let evaluation = try Tools.run("digit-classify", ["evaluate", dataset, "--model", folder.file("a.weights")])
        #expect(evaluation.status == 0)
        #expect(evaluation.output.contains("confusion (rows: truth, columns: read)"))
        #expect(evaluation.output.contains("digits per second"))
    }
}
