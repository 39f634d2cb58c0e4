import Foundation
import ReelCore
import ReelOCR
import ReelTestSupport
import ReelVision
import Testing

/// The truth of rendered streams checked against their pixels (decoded by the ffmpeg CLI,
/// read by Tesseract and by colour).
@Suite(.serialized) struct VideoTruthTests {
    func number(_ record: JSONObject, _ key: String) -> Double { record[key]?.doubleValue ?? .nan }

    @Test func battleRoyaleFramesShowWhatTheTruthSays() throws {
        // Seed 2: a complete match, the player dies and spectates; 720p30.
        let stream = try SyntheticStreams.make("br", duration: 240, seed: 2)
        let game = try #require(stream.truth("game").first { $0["end"] != nil && $0["start"] != nil })
        let start = number(game, "start"), end = number(game, "end")
        let fps = Double(stream.fps)
        let frame = { (t: Double) in Int((t * fps).rounded()) }
        let texts = stream.screen("text")
        let select = try #require(texts.first { $0["text"]?.stringValue == "SELECT LEGEND" && number($0, "end") == start })
        let placed = try #require(texts.first { number($0, "start") == end && $0["text"]?.stringValue?.hasPrefix("PLACED") == true })
        let watching = try #require(texts.first { $0["text"]?.stringValue == "SPECTATING" })
        let change = try #require(stream.truth("kills").first { $0["spectated"] == nil })
        let t = number(change, "t")
        let hud = try #require(stream.screen("hud").first { number($0, "start") == t })
        let hidden = try #require(stream.screen("hud").first { $0["hidden"]?.boolValue == true })
        let middleOfHidden = (number(hidden, "start") + number(hidden, "end")) / 2
        let images = try frames(of: stream.video, at: [
            frame(start - 2), frame(start), frame(end - 1 / fps), frame(end), frame(end + 1),
            frame(number(watching, "start") - 1), frame(number(watching, "start") + 1),
            frame(t) - 1, frame(t), frame(t + 1), frame(t + 3), frame(middleOfHidden), frame(number(hidden, "start") - 1),
        ])
        let engine = try OCREngine()
        func image(_ at: Int) throws -> RGBImage { try #require(images[at]) }

        // SELECT LEGEND until the match starts, exactly.
        #expect(read(try image(frame(start - 2)), region(select), engine: engine) == "SELECT LEGEND")
        #expect(read(try image(frame(start)), region(select), engine: engine) != "SELECT LEGEND")
        // PLACED #P OF 20 from the first frame of the end screen, exactly.
        let placement = try #require(game["placement"]?.intValue)
        #expect(read(try image(frame(end)), region(placed), engine: engine) == "PLACED #\(placement) OF 20")
        #expect(read(try image(frame(end + 1)), region(placed), engine: engine) == "PLACED #\(placement) OF 20")
        #expect(read(try image(frame(end - 1 / fps)), region(placed), engine: engine).isEmpty)
        // SPECTATING after death only.
        #expect(read(try image(frame(number(watching, "start") + 1)), region(watching), engine: engine) == "SPECTATING")
        #expect(read(try image(frame(number(watching, "start") - 1)), region(watching), engine: engine) != "SPECTATING")
        // The kill count turns red on the frame of the change, and white again 3 s later.
        let digits = hud["digits"]?.arrayValue?.compactMap(\.intValue) ?? []
        let digitBox = { (image: RGBImage) in image.cropped(x: digits[0] - 2, y: digits[1] - 2, width: digits[2] + 4, height: digits[3] + 4) }
        let whiteBefore = digitBox(try image(frame(t) - 1)).redCount
        #expect(digitBox(try image(frame(t))).redCount > whiteBefore + 20)
        #expect(digitBox(try image(frame(t + 1))).redCount > whiteBefore + 20)
        #expect(digitBox(try image(frame(t + 3))).redCount <= whiteBefore + 3)
        // The HUD strip is gone while the inventory is open.
        let strip = stream.screen("hud").first { number($0, "end") == number(hidden, "start") }
        let skull = try #require(strip?["skull"]?.arrayValue).compactMap(\.intValue)
        let squadsArea = (x: skull[0] - 12 * skull[3], y: skull[1] - skull[3] / 2, w: 11 * skull[3], h: 2 * skull[3])
        #expect(read(try image(frame(number(hidden, "start") - 1)), squadsArea, engine: engine).hasSuffix("SQUADS LEFT"))
        #expect(!read(try image(frame(middleOfHidden)), squadsArea, engine: engine).contains("SQUADS"))
    }

    @Test func footballFramesShowWhatTheTruthSays() throws {
        let stream = try SyntheticStreams.make("football", duration: 180, seed: 1)
        let goal = try #require(stream.truth("goal").first)
        let g = number(goal, "t")
        let fps = Double(stream.fps)
        let frame = { (t: Double) in Int((t * fps).rounded()) }
        let replay = try #require(stream.screen("text").first { $0["text"]?.stringValue == "REPLAY" && number($0, "start") > g })
        let banner = stream.screen("text").first { $0["text"]?.stringValue == "GOAL" && number($0, "start") > g }
        let before = try #require(stream.screen("scoreboard").first { number($0, "start") <= g && g < number($0, "end") })
        let after = try #require(stream.screen("scoreboard").first { number($0, "start") == number(replay, "end") })
        var wanted = [frame(g - 1), frame(g), frame(number(replay, "start") + 1), frame(number(replay, "end") + 1)]
        if let banner { wanted.append(frame(number(banner, "start") + 1)) }
        let images = try frames(of: stream.video, at: wanted)
        let engine = try OCREngine()
        func scoreline(_ record: JSONObject) -> String {
            let score = record["score"]?.arrayValue?.compactMap(\.intValue) ?? []
            return "\(record["home"]?.stringValue ?? "")\(score[0])-\(score[1])\(record["away"]?.stringValue ?? "")"
        }
        let board = region(before, margin: 0)
        // Tesseract drops the spaces around the dash ("BAR 0-0 ZYS"): compare without spaces.
        let readBoard = { (at: Int) throws -> String in
            read(try #require(images[at]), board, engine: engine).replacingOccurrences(of: " ", with: "")
        }
        // Nothing changes at G; the new score shows when the replay ends.
        #expect(try readBoard(frame(g - 1)).hasPrefix(scoreline(before)))
        #expect(try readBoard(frame(g)).hasPrefix(scoreline(before)))
        #expect(try readBoard(frame(number(replay, "end") + 1)).hasPrefix(scoreline(after)))
        #expect(scoreline(after) != scoreline(before))
        // During the replay: REPLAY top right, no scoreboard.
        let duringReplay = try #require(images[frame(number(replay, "start") + 1)])
        #expect(read(duringReplay, region(replay), engine: engine) == "REPLAY")
        #expect(read(duringReplay, board, engine: engine).isEmpty)
        if let banner {
            let image = try #require(images[frame(number(banner, "start") + 1)])
            #expect(read(image, region(banner), engine: engine) == "GOAL")
        }
    }

    @Test func streamsAreH264WithTheAskedKeyframeInterval() throws {
        let stream = try SyntheticStreams.make("football", duration: 180, seed: 1)
        let probe = try Subprocess.run("ffprobe", ["-v", "error", "-select_streams", "v", "-show_entries",
                                                   "packet=pts_time,flags", "-of", "csv=p=0", stream.video])
        let keys = probe.lines.compactMap { line -> Double? in
            let parts = line.split(separator: ",")
            return parts.count == 2 && parts[1].contains("K") ? Double(parts[0]) : nil
        }
        #expect(keys.count == 90)
        let gaps = zip(keys.dropFirst(), keys).map { $0 - $1 }
        #expect(gaps.allSatisfy { abs($0 - 2.0) < 0.001 })
        let types = try Subprocess.run("ffprobe", ["-v", "error", "-select_streams", "v", "-read_intervals", "%+10",
                                                   "-show_entries", "frame=pict_type", "-of", "csv=p=0", stream.video])
        #expect(types.lines.contains("B"), "B-frames present")
    }
}
