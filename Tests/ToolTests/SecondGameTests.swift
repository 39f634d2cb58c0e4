import Foundation
import ReelTestSupport
import ReelVision
import Testing

/// Teaching reel a game it was not built on, through the steps reel-teach(7) documents and
/// nothing else: the second game of synth-stream (`--variant alt`: a drawn crosshair icon in a
/// dark slanted box left of a teams box, absent at 0 and red after a kill, serif digits, other
/// texts; a light score pill with dark digits and `:` for football), labelled as the page labels
/// (scripts/dev/label-from-screen), the icon cut from one frame, a dataset, a trained network,
/// a profile naming them; then held-back streams read with read-events and judged by their truth.
@Suite(.serialized) struct SecondGameTests {
    static let profiles = Repository.fixtures.appendingPathComponent("second-game")

    /// The profile written before teaching (crops, texts, patterns), as a JSON object.
    static func baseProfile(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: profiles.appendingPathComponent(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func write(_ object: [String: Any], to path: String) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// Steps 1 to 5 of reel-teach(7) on training streams; returns the profile's path.
    static func teach(_ training: [SyntheticStream], in folder: TemporaryDirectory) throws -> String {
        var profile = try baseProfile("alt-br.json")
        let crops = try #require(profile["crops"] as? [String: String])
        let hud = try #require(crops["hud"])
        var counter: [String: Any] = [:]
        var samples: [(frames: String, labels: String)] = []
        for (index, stream) in training.enumerated() {
            // 1. Frames with the counter's region, every second, in colour, at 720 lines.
            let sample = try Tools.run("frame-sample", [stream.video, "--mode", "exact", "--every", "1", "--rgb", "--crop", "hud=\(hud)",
                                                        "--frame-height", "720", "--out", folder.file("crops\(index)")])
            try #require(sample.status == 0, "\(sample.errors)")
            let frames = folder.file("frames\(index).ndjson")
            try sample.output.write(toFile: frames, atomically: true, encoding: .utf8)
            // 2. Labels as the page exports them; the icon and the digits' box from the first stream.
            let labelled = folder.file("labelled\(index)")
            let page = try Subprocess.run(Repository.script("dev/label-from-screen"),
                                          [frames, stream.directory.appendingPathComponent("screen.ndjson").path, labelled])
            try #require(page.status == 0, "\(page.errors)")
            if index == 0 {
                let exported = try Data(contentsOf: URL(fileURLWithPath: labelled + "/counter.json"))
                counter = try #require((try JSONSerialization.jsonObject(with: exported) as? [String: Any])?["counter"] as? [String: Any])
                try FileManager.default.moveItem(atPath: labelled + "/icon.png", toPath: folder.file("icon.png"))
            }
            samples.append((frames, labelled + "/labels.ndjson"))
        }
        // 4. The profile names the icon and the digits' box: white digits (red after a kill), absent at 0.
        counter["ink"] = "light"
        counter["max_digits"] = 2
        counter["absent"] = 0
        profile["counter"] = counter
        let profilePath = folder.file("alt-br.json")
        try write(profile, to: profilePath)
        // 3. The icon found in each frame, a dataset from the labels (a quarter held back), the network trained.
        for (frames, labels) in samples {
            let found = try Tools.run("skull-find", ["--profile", profilePath, frames])
            try #require(found.status == 0, "\(found.errors)")
            let made = try Tools.run("digit-classify", ["dataset", "--labels", labels, "--profile", profilePath,
                                                        "--out", folder.file("train.ds"), "--test", folder.file("held-back.ds"),
                                                        "--test-share", "0.25"], input: found.output)
            try #require(made.status == 0, "\(made.errors)")
            #expect(made.errors.contains(" 0 without the icon found"), "\(made.errors)")
        }
        let trained = try Tools.run("digit-classify", ["train", folder.file("train.ds"), "--out", folder.file("digits.weights")],
                                    timeout: 600)
        try #require(trained.status == 0, "\(trained.errors)")
        // 5. The held-back labels: the report a user trusts.
        let evaluated = try Tools.run("digit-classify", ["evaluate", folder.file("held-back.ds"), "--model", folder.file("digits.weights")])
        try #require(evaluated.status == 0, "\(evaluated.errors)")
        print("second game, held-back digits: \(evaluated.output.split(separator: "\n").last ?? "")")
        #expect(try accuracy(evaluated.output) >= 0.99, "\(evaluated.output)")
        counter["model"] = "digits.weights"
        profile["counter"] = counter
        try write(profile, to: profilePath)
        return profilePath
    }

    /// The share of digits right that `evaluate` prints (`digits: 398 of 400 right (99.50%); ...`).
    static func accuracy(_ report: String) throws -> Double {
        let line = try #require(report.split(separator: "\n").first { $0.hasPrefix("digits: ") }, "\(report)")
        let percent = try #require(line.split(separator: "(").dropFirst().first?.split(separator: "%").first.flatMap { Double($0) },
                                   "\(line)")
        return percent / 100
    }

    /// read-events with a profile file on a stream: its events.
    static func readEvents(_ profile: String, _ stream: SyntheticStream) throws -> [[String: Any]] {
        let result = try Tools.readEvents(profile, stream.video)
        try #require(result.status == 0, "\(result.errors)")
        return try jsonLines(result.output)
    }

    @Test func taughtFromLabelsReadsAHeldBackStreamExactly() throws {
        // Two training streams (a few hundred labelled frames with every digit), one held back.
        let training = [try SyntheticStreams.make("br", duration: 240, seed: 614, options: ["--variant", "alt", "--kill-rate", "6"]),
                        try SyntheticStreams.make("br", duration: 240, seed: 615, options: ["--variant", "alt", "--kill-rate", "8"])]
        let heldBack = try SyntheticStreams.make("br", duration: 240, seed: 512, options: ["--variant", "alt", "--kill-rate", "5"])
        let folder = try TemporaryDirectory("reel-second-game")
        let profile = try Self.teach(training, in: folder)

        // The profile resolves its files next to itself, from anywhere.
        let printed = try Tools.run("event-detect", ["--print-profile", profile])
        #expect(printed.output.contains(folder.file("icon.png")) && printed.output.contains(folder.file("digits.weights")))

        let events = try Self.readEvents(profile, heldBack)
        let games = heldBack.truth("game")
        let matches = events.filter { $0["kind"] as? String == "match" }
        print("second game held back: truth \(games.map { "\($0)" }); found \(matches)")
        try #require(games.count == 1 && matches.count == 1, "\(matches)")
        let game = games[0], match = matches[0]
        let interval = 2.0 + 1
        #expect(abs((match["start"] as? Double ?? -99) - (game["start"]?.doubleValue ?? 0)) <= interval)
        #expect(abs((match["end"] as? Double ?? -99) - (game["end"]?.doubleValue ?? 0)) <= interval)
        #expect(match["kills"] as? Int == game["kills"]?.intValue)
        #expect(match["placement"] as? Int == game["placement"]?.intValue)
        #expect(match["died"] as? Bool == game["died"]?.boolValue)
        // Every kill as it happened: the count read from the new game's HUD (absent at 0, red after a kill).
        let kills = events.filter { $0["kind"] as? String == "kill" }.compactMap { $0["value"] as? Int }
        #expect(kills == Array(1...(game["kills"]?.intValue ?? 0)), "\(kills)")
    }

    @Test func theFootballVariantIsReadWithAProfileAlone() throws {
        let stream = try SyntheticStreams.make("football", duration: 180, seed: 702, options: ["--variant", "alt"])
        let events = try Self.readEvents(Self.profiles.appendingPathComponent("alt-football.json").path, stream)
        let goals = events.filter { $0["kind"] as? String == "goal" }
        let truth = stream.truth("goal")
        print("second game football: truth \(truth.map { "\($0["t"]?.doubleValue ?? 0) \($0["score"].map { "\($0)" } ?? "")" }); found \(goals)")
        #expect(goals.count == truth.count, "\(goals)")
        for (goal, expected) in zip(goals, truth) {
            #expect(abs((goal["t"] as? Double ?? -99) - (expected["t"]?.doubleValue ?? 0)) <= 3, "\(goal)")
            #expect(goal["team"] as? String == expected["team"]?.stringValue)
            #expect((goal["score"] as? [Int]) == expected["score"]?.arrayValue?.compactMap(\.intValue))
        }
    }

    /// What a user gets wrong while teaching: each a clear `tool: where: what` and status 65 or 66.
    @Test func mistakesWhileTeachingAreNamed() throws {
        let folder = try TemporaryDirectory("reel-teach-mistakes")
        // A 200x30 crop of a 1280x720 frame (its box 640x72), with an icon said to be at its top left.
        let crop = RGBImage(width: 200, height: 30, pixels: [UInt8](repeating: 90, count: 200 * 30 * 3))
        try Data(PNM.encode(crop)).write(to: URL(fileURLWithPath: folder.file("crop.ppm")))
        let frame = #"{"type":"frame","t":1.0,"source":"a.mp4","crops":{"hud":{"path":"\#(folder.file("crop.ppm"))","box":[640,0,640,72],"#
            + #""frame":[1280,720]}},"skull":{"x":2,"y":2,"w":10,"h":10}}"# + "\n"
        // An icon cut from 360-line frames, 60 pixels tall: 50 pixels at this frame's size (300 lines), in a crop 30 tall.
        let icon = RGBImage(width: 60, height: 60, pixels: (0..<(60 * 60 * 3)).map { UInt8(truncatingIfNeeded: $0 * 7) })
        try Data(PNG.encode(icon)).write(to: URL(fileURLWithPath: folder.file("icon.png")))
        try #"{"extends":"br","counter":{"region":"hud","template":"icon.png","template_height":360}}"#
            .write(toFile: folder.file("big-icon.json"), atomically: true, encoding: .utf8)
        let big = try Tools.run("skull-find", ["--profile", folder.file("big-icon.json")], input: frame)
        #expect(big.status == 65)
        #expect(big.errors.contains("skull-find: frame at 1.0 s: the icon (cut from frames 360 pixels tall) is")
                && big.errors.contains("larger than the 200x30 crop hud"), "\(big.errors)")
        #expect(try jsonLines(big.output).first?["skull"] is NSNull, "the record still passes, with no icon")

        // Labels out of order, and labels for another video.
        try "{\"type\":\"label\",\"t\":5,\"value\":1}\n{\"type\":\"label\",\"t\":2,\"value\":2}\n"
            .write(toFile: folder.file("unordered.ndjson"), atomically: true, encoding: .utf8)
        let unordered = try Tools.run("digit-classify", ["dataset", "--labels", folder.file("unordered.ndjson"), "--out", folder.file("d.ds")],
                                      input: frame)
        #expect(unordered.status == 65)
        #expect(unordered.errors.contains("(label at 2.0 s): labels out of order: 2.0 s after 5.0 s"), "\(unordered.errors)")
        try "{\"type\":\"label\",\"t\":0,\"value\":1,\"source\":\"b.mp4\"}\n"
            .write(toFile: folder.file("other.ndjson"), atomically: true, encoding: .utf8)
        let other = try Tools.run("digit-classify", ["dataset", "--labels", folder.file("other.ndjson"), "--out", folder.file("d.ds")],
                                  input: frame)
        #expect(other.status == 65)
        #expect(other.errors.contains("the labels are for another video (their sources: b.mp4)"), "\(other.errors)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("d.ds")), "no dataset from labels that fit no frame")

        // A network for another input size.
        let shape = CNNShape(input: 28, filters: 16, hidden: 64, classes: 11)
        let foreign = CNNWeights(shape: shape, values: [Float](repeating: 0, count: shape.parameterCount))
        try Data(foreign.fileBytes).write(to: URL(fileURLWithPath: folder.file("foreign.weights")))
        let model = try Tools.run("digit-classify", ["--model", folder.file("foreign.weights")], input: frame)
        #expect(model.status == 65)
        #expect(model.errors.contains("foreign.weights: a network for 28x28 inputs"), "\(model.errors)")

        // A profile naming files that are not there: every tool that reads it says which.
        try #"{"extends":"br","counter":{"template":"nope.png","model":"none.weights"}}"#
            .write(toFile: folder.file("missing.json"), atomically: true, encoding: .utf8)
        for tool in ["skull-find", "digit-classify", "event-detect", "frame-sample"] {
            let missing = try Tools.run(tool, ["--profile", folder.file("missing.json")], input: "")
            #expect(missing.status == 66, "\(tool): \(missing.errors)")
            #expect(missing.errors.contains("\(tool): \(folder.file("missing.json")): counter.template: no such file"), "\(missing.errors)")
        }
    }
}
