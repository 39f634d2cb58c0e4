import Foundation
import ReelCore
import ReelTestSupport
import Testing

/// The generator's plans, checked against ../shared/spec/synthetic-streams.md over many seeds
/// (truth and screen records only: no video is rendered here).
@Suite struct SpecInvariantTests {
    func plan(_ kind: String, seed: Int, duration: Int = 1800, size: String = "1280x720", fps: Int = 30)
        throws -> SyntheticStream
    {
        let folder = try TemporaryDirectory("plan")
        let result = try Subprocess.run(Repository.script("synth-stream"), [
            kind, "--duration", String(duration), "--size", size, "--fps", String(fps), "--seed", String(seed),
            "--truth-only", "--out", folder.path,
        ])
        guard result.status == 0 else { throw TestSetupError(result.errors) }
        return try SyntheticStreams.load(folder.url)
    }

    func number(_ record: JSONObject, _ key: String) -> Double { record[key]?.doubleValue ?? .nan }

    /// The truth.ndjson bytes a plan writes.
    func truthBytes(_ kind: String, seed: Int) throws -> Data {
        let folder = try TemporaryDirectory("plan")
        let result = try Subprocess.run(Repository.script("synth-stream"), [
            kind, "--duration", "1800", "--seed", String(seed), "--truth-only", "--out", folder.path,
        ])
        guard result.status == 0 else { throw TestSetupError(result.errors) }
        return try Data(contentsOf: URL(fileURLWithPath: folder.file("truth.ndjson")))
    }

    @Test func sameSeedSameTruthBytes() throws {
        #expect(try truthBytes("br", seed: 7) == truthBytes("br", seed: 7))
        #expect(try truthBytes("br", seed: 7) != truthBytes("br", seed: 8))
        #expect(try truthBytes("football", seed: 3) == truthBytes("football", seed: 3))
    }

    @Test(arguments: Array(1...24))
    func battleRoyaleStreamsFollowTheSpec(seed: Int) throws {
        let size = ["1280x720", "1600x900", "1920x1080"][seed % 3]
        let stream = try plan("br", seed: seed, size: size, fps: seed % 2 == 0 ? 30 : 60)
        let W = Double(stream.width), H = Double(stream.height)
        let texts = stream.screen("text")
        func text(_ predicate: (String) -> Bool) -> [JSONObject] {
            texts.filter { predicate($0["text"]?.stringValue ?? "") }
        }
        let games = stream.truth("game")
        #expect(games.count <= 12)
        for game in games {
            let partial = game["partial"]?.boolValue == true
            let start = game["start"]?.doubleValue, end = game["end"]?.doubleValue
            if let start, let end {
                #expect((180...1500).contains(end - start), "match length \(end - start)")
            }
            #expect(partial == (start == nil || end == nil))
            if let start {
                // Legend select ends when the match starts and lasts 6 to 20 s.
                let select = try #require(text { $0 == "SELECT LEGEND" }.first { number($0, "end") == start })
                let length = number(select, "end") - number(select, "start")
                #expect(length <= 20 && (length >= 6 || number(select, "start") == 0))
            }
            guard let end else { continue }
            let kills = try #require(game["kills"]?.intValue)
            let placement = try #require(game["placement"]?.intValue)
            let died = try #require(game["died"]?.boolValue as Bool?)
            #expect((0...30).contains(kills) && (1...20).contains(placement))
            #expect(!died || placement > 1)
            let placed = try #require(text { $0 == "PLACED #\(placement) OF 20" }.first { number($0, "start") == end })
            let screenLength = number(placed, "end") - number(placed, "start")
            #expect(screenLength <= 15 && (screenLength >= 5 || number(placed, "end") == stream.duration))
            let title = placement == 1 ? "CHAMPIONS" : "SQUAD ELIMINATED"
            #expect(text { $0 == title }.contains { number($0, "start") == end })
            // The player's kills grow by one up to the final count; spectated ones come after death.
            let from = start ?? 0
            let changes = stream.truth("kills").filter { (from..<end).contains(number($0, "t")) }
            let own = changes.filter { $0["spectated"] == nil }
            let spectated = changes.filter { $0["spectated"]?.boolValue == true }
            if start != nil {
                #expect(own.compactMap { $0["value"]?.intValue } == Array(stride(from: 1, through: kills, by: 1)))
            }
            #expect(own.last.map { $0["value"]?.intValue } ?? kills == kills)
            let watching = text { $0 == "SPECTATING" }.first { number($0, "end") == end }
            #expect((watching != nil) == died)
            let activeEnd = watching.map { number($0, "start") } ?? end
            if let watching {
                #expect(spectated.first.map { number($0, "t") } == number(watching, "start"))
                #expect(spectated.first?["value"]?.intValue != kills)
            } else {
                #expect(spectated.isEmpty)
            }
            #expect(own.allSatisfy { number($0, "t") <= activeEnd - 12 })
            // The HUD: hidden 2 to 10 s at a time, never in the last 12 s before death or the end.
            let huds = stream.screen("hud").filter { (from..<end).contains(number($0, "start")) }
            for hidden in huds where hidden["hidden"]?.boolValue == true {
                let length = number(hidden, "end") - number(hidden, "start")
                #expect(length >= 2 - 1e-9 && length <= 10 + 1e-9 || number(hidden, "start") == 0)
                #expect(number(hidden, "end") <= activeEnd - 12)
            }
            for hud in huds where hud["hidden"] == nil {
                let t = number(hud, "start")
                let last = changes.last { number($0, "t") <= t }
                #expect(hud["kills"]?.intValue == (last?["value"]?.intValue ?? (start == nil ? hud["kills"]?.intValue : 0)))
                #expect(hud["red"]?.boolValue == (last.map { t < number($0, "t") + 3 - 1e-9 } ?? false))
                let skull = hud["skull"]?.arrayValue?.compactMap(\.intValue) ?? []
                let digits = hud["digits"]?.arrayValue?.compactMap(\.intValue) ?? []
                #expect(skull[0] + skull[2] < digits[0])
                #expect(Double(skull[1]) >= 0.02 * H - 2 && Double(skull[1]) <= 0.04 * H + 2)
                let rightEdge = W - 0.03 * H
                if hud["spectators"]?.isNull ?? true {
                    #expect(abs(Double(digits[0] + digits[2]) - rightEdge) <= 0.01 * W, "right-aligned at the margin")
                } else {
                    #expect(Double(digits[0] + digits[2]) < rightEdge - 0.03 * H)
                }
            }
        }
        for change in stream.truth("kills") {
            #expect((0...30).contains(change["value"]?.intValue ?? -1))
        }
    }

    @Test(arguments: Array(1...24))
    func footballStreamsFollowTheSpec(seed: Int) throws {
        let stream = try plan("football", seed: seed, duration: seed % 2 == 0 ? 1800 : 300)
        let W = Double(stream.width), H = Double(stream.height)
        let boards = stream.screen("scoreboard")
        let texts = stream.screen("text")
        for board in boards {
            let box = board["box"]?.arrayValue?.compactMap(\.doubleValue) ?? []
            #expect(box[0] >= 0.02 * W - 1 && box[0] <= 0.05 * W + 1)
            #expect(box[1] >= 0.02 * H - 1 && box[1] <= 0.05 * H + 1)
            #expect(box[3] >= 0.045 * H - 1 && box[3] <= 0.06 * H + 1)
            for code in [board["home"], board["away"]].compactMap({ $0?.stringValue }) {
                #expect(code.count == 3 && code.allSatisfy { $0.isUppercase })
            }
        }
        func board(at t: Double) -> JSONObject? {
            boards.first { number($0, "start") <= t && t < number($0, "end") }
        }
        var previous: [Int]?
        var teams: String?
        for goal in stream.truth("goal") {
            let g = number(goal, "t")
            let score = goal["score"]?.arrayValue?.compactMap(\.intValue) ?? []
            let side = goal["team"]?.stringValue == "home" ? 0 : 1
            let before = try #require(board(at: g - 0.05), "scoreboard just before the goal")
            let oldScore = before["score"]?.arrayValue?.compactMap(\.intValue) ?? []
            var expected = oldScore
            expected[side] += 1
            #expect(score == expected, "one goal for one side")
            let match = "\(before["home"]?.stringValue ?? "")-\(before["away"]?.stringValue ?? "")"
            if teams == match, let previous {
                #expect(previous == oldScore)
            }
            teams = match
            previous = score
            #expect(board(at: g)?["score"] == before["score"], "nothing changes at G")
            let replay = try #require(texts.first { $0["text"]?.stringValue == "REPLAY" && number($0, "start") > g && number($0, "start") <= g + 4 + 1e-9 })
            let replayStart = number(replay, "start"), replayEnd = number(replay, "end")
            let banner = texts.first { $0["text"]?.stringValue == "GOAL" && abs(number($0, "start") - (g + 1)) < 1e-6 }
            if let banner {
                #expect(abs(number(banner, "end") - (g + 4)) < 1e-6)
                #expect(abs(replayStart - (g + 4)) < 1e-6)
            } else {
                #expect(replayStart >= g + 2 - 1e-9 && replayStart <= g + 4 + 1e-9)
            }
            #expect(replayEnd - replayStart >= 6 - 1e-9 && replayEnd - replayStart <= 15 + 1e-9)
            #expect(boards.allSatisfy { number($0, "end") <= replayStart || number($0, "start") >= replayEnd }, "hidden during the replay")
            let after = try #require(board(at: replayEnd))
            #expect(after["score"]?.arrayValue?.compactMap(\.intValue) == score)
        }
        for period in stream.screen("period") {
            let length = number(period, "end") - number(period, "start")
            #expect(length <= 20 + 1e-9)
            #expect(length >= 5 - 1e-9 || number(period, "start") == 0 || number(period, "end") == stream.duration)
            let label = period["label"]?.stringValue ?? ""
            #expect(board(at: number(period, "start"))?["clock"]?.stringValue == label)
        }
    }
}
