import ReelCore
import ReelEvents
import ReelProfile
import Testing

/// A scripted football stream: a frame every second.
struct FootballScript {
    var until: Double
    var goals: [(g: Double, banner: Bool, replayAfter: Double, replayLength: Double, team: String)] = []
    var periods: [(String, ClosedRange<Double>)] = []
    var misread: [Double: String] = [:]
    var teams = ("HOM", "AWY")
    var startScore = (0, 0)

    func readings() -> [FrameReading] {
        stride(from: 0.0, through: until, by: 1).map { t in
            var reading = FrameReading(time: t)
            var home = startScore.0, away = startScore.1
            var replaying = false
            for goal in goals {
                let replayStart = goal.g + (goal.banner ? 4 : goal.replayAfter)
                if t >= replayStart + goal.replayLength {
                    if goal.team == "home" { home += 1 } else { away += 1 }
                } else if t >= replayStart {
                    replaying = true
                }
                if goal.banner, t >= goal.g + 1, t < goal.g + 4 { reading.texts["banner"] = "GOAL" }
            }
            if replaying {
                reading.texts["replay"] = "REPLAY"
            } else {
                let clock = periods.first { $0.1.contains(t) }?.0 ?? "12:34"
                reading.texts["scoreboard"] = "\(teams.0)\(home)-\(away)\(teams.1)\(clock)"
                reading.spacedTexts["scoreboard"] = "\(teams.0) \(home) - \(away) \(teams.1) \(clock)"
            }
            if let text = misread[t] {
                reading.texts["scoreboard"] = text.replacingOccurrences(of: " ", with: "")
                reading.spacedTexts["scoreboard"] = text
            }
            return reading
        }
    }

    func run() throws -> [Record] {
        let detector = FootballDetector(profile: try Profile.load("football"))
        return readings().flatMap { detector.observe($0) } + detector.finish()
    }
}

@Suite struct FootballDetectorTests {
    @Test func goalsAreTimedFromTheReplayAndBanner() throws {
        let records = try FootballScript(until: 200, goals: [
            (40.3, true, 4, 9, "home"), (120.6, false, 3.2, 12, "away"),
        ]).run()
        let goals = events(records, "goal")
        #expect(goals.count == 2)
        #expect(abs((goals[0]["t"]?.doubleValue ?? 0) - 40.3) <= 1)
        #expect(abs((goals[1]["t"]?.doubleValue ?? 0) - 120.6) <= 1.5)
        #expect(goals[0]["team"]?.stringValue == "home" && goals[0]["score"] == [1, 0])
        #expect(goals[1]["team"]?.stringValue == "away" && goals[1]["score"] == [1, 1])
        let clip = try #require(goals[0]["clip"])
        #expect(abs((clip["end"]?.doubleValue ?? 0) - (clip["start"]?.doubleValue ?? 0) - 25) < 1e-9)
    }

    @Test func misreadScoresAndANewMatchMakeNoGoal() throws {
        var script = FootballScript(until: 100, goals: [(30, false, 3, 8, "home")],
                                    misread: [10: "HOM 0 - 8 AWY 12:34", 60: "HOM 7 - 1 AWY 12:34"])
        script.startScore = (2, 1)
        let first = try script.run()
        #expect(events(first, "goal").map { $0["score"] } == [[3, 1]])
        // A new match whose first score is lower: no goal.
        var detector = FootballDetector(profile: try Profile.load("football"))
        var records: [Record] = []
        for t in stride(from: 0.0, through: 20, by: 1) {
            var reading = FrameReading(time: t)
            reading.spacedTexts["scoreboard"] = t < 10 ? "ABC 3 - 2 DEF 90:00" : "GHI 0 - 0 JKL 00:00"
            records += detector.observe(reading)
        }
        #expect(events(records, "goal").isEmpty)
        detector = FootballDetector(profile: try Profile.load("football"))
        _ = detector
    }

    @Test func halfTimeIsAPeriod() throws {
        let records = try FootballScript(until: 120, periods: [("HT", 50...64)]).run()
        let period = try #require(events(records, "period").first)
        #expect(period["label"]?.stringValue == "HT")
        #expect(period["t"]?.doubleValue == 50)
        #expect(period["end"]?.doubleValue == 65)
    }
}

@Suite struct FootballScoreJumpTests {
    @Test func aScoreMisreadAsNinetyIsNoNinetyGoals() throws {
        // A scoreboard read `0-90` for `0-0` again and again (seen on a noisy stream): no goal
        // for it; the goal after it is still found, once.
        var misread: [Double: String] = [:]
        for t in [50.0, 51, 52, 53, 60, 61, 62] { misread[t] = "HOM 0 - 90 AWY 12:34" }
        let records = try FootballScript(until: 200, goals: [(120.6, false, 3.2, 12, "away")], misread: misread).run()
        let goals = records.filter { $0["kind"]?.stringValue == "goal" }
        #expect(goals.count == 1, "\(goals)")
        #expect(goals.first?["score"] == [0, 1])
    }
}

@Suite struct GoalPerReplayTests {
    @Test func twoGoalsWhoseScoreBetweenIsNeverReadAreEachTimedFromTheirReplay() throws {
        // Seen on a 1080p stream over full-contrast Life: `BEN 2 - 1` read `BEN 2-` every time,
        // so the score went 1-1 to 3-1 at once, and the second goal (22 s after the first) got
        // the first one's moment.
        var misread: [Double: String] = [:]
        for t in stride(from: 125.0, through: 136, by: 1) { misread[t] = "HOM 2 - AWY 12:34" }
        var script = FootballScript(until: 200, goals: [(110, false, 3, 12, "home"), (132.4, true, 4, 6, "home")],
                                    misread: misread)
        script.startScore = (1, 1)
        let goals = events(try script.run(), "goal")
        #expect(goals.map { $0["score"] } == [[2, 1], [3, 1]])
        #expect(abs((goals.first?["t"]?.doubleValue ?? 0) - 110) <= 1.5, "\(goals)")
        #expect(abs((goals.last?["t"]?.doubleValue ?? 0) - 132.4) <= 1.5, "\(goals)")
    }
}
