import ReelCore
import ReelEvents
import ReelProfile
import ReelTestSupport
import Testing

/// A scripted battle-royale stream: a frame every `step` seconds, texts and kill counts by time.
struct Script {
    var step = 2.0
    var until: Double
    var from = 0.0
    var select: ClosedRange<Double>?
    var placed: (Double, Int)?
    var spectating: Double?
    var kills: [(Double, Int)] = []          // (from time, value shown)
    var hidden: [ClosedRange<Double>] = []
    var misread: [Double: Int?] = [:]          // readings replaced at these times
    var missedTexts: Set<Double> = []          // frames whose texts were not read

    func readings() -> [FrameReading] {
        stride(from: from, through: until, by: step).map { t in
            var reading = FrameReading(time: t)
            if !missedTexts.contains(t) {
                if let select, select.contains(t) { reading.texts["select"] = "SELECTLEGEND" }
                if let placed, t >= placed.0 { reading.texts["placed"] = "PLACED#\(placed.1)OF20" }
                if let spectating, t >= spectating, placed.map({ t < $0.0 }) ?? true { reading.texts["spectating"] = "SPECTATING" }
            }
            let inMatch = (select.map { t > $0.upperBound } ?? true) && (placed.map { t < $0.0 } ?? true)
            if inMatch && !hidden.contains(where: { $0.contains(t) }) {
                reading.kills = kills.last { $0.0 <= t }?.1 ?? 0
            }
            if let replaced = misread[t] { reading.kills = replaced }
            return reading
        }
    }

    func run(profile: String = "br") throws -> [Record] {
        let detector = BattleRoyaleDetector(profile: try Profile.load(profile))
        return readings().flatMap { detector.observe($0) } + detector.finish()
    }
}

func events(_ records: [Record], _ kind: String) -> [Record] {
    records.filter { $0["kind"]?.stringValue == kind }
}

@Suite struct BattleRoyaleDetectorTests {
    @Test func aMatchWithKillsAndAnEndScreen() throws {
        let records = try Script(until: 230, select: 10...24, placed: (201, 3),
                                 kills: [(61, 1), (99, 2)]).run()
        let match = try #require(events(records, "match").first)
        #expect(match["start"]?.doubleValue == 25)
        #expect(match["end"]?.doubleValue == 201)
        #expect(match["kills"]?.intValue == 2)
        #expect(match["placement"]?.intValue == 3)
        #expect(match["died"]?.boolValue == false)
        #expect(match["partial"] == nil)
        #expect(events(records, "kill").map { $0["value"]?.intValue } == [1, 2])
        #expect(events(records, "kill").map { $0["t"]?.doubleValue } == [62, 100])
        #expect(records.last?["kind"]?.stringValue == "match", "kills come before their match")
    }

    @Test func legendSelectMisreadAtItsEndStillStartsTheMatchWhereTheHUDShows() throws {
        // A black and white cellular background: SELECT LEGEND read at 8-12 and 18 only, the HUD from 24.
        let records = try Script(until: 230, select: 8...22, placed: (201, 3), kills: [(61, 1)],
                                 missedTexts: [14, 16, 20, 22]).run()
        let match = try #require(events(records, "match").first)
        #expect(match["start"]?.doubleValue == 23)
        #expect(events(records, "match").count == 1)
    }

    @Test func aStrayMarkInThePlacementIsStillTheEndScreen() throws {
        // A busy background puts a dash or dot beside OF: `PLACED #19 OF-20`.
        let detector = BattleRoyaleDetector(profile: try Profile.load("br"))
        var records: [Record] = []
        for t in stride(from: 0.0, through: 80, by: 2) {
            var reading = FrameReading(time: t)
            switch t {
            case ..<10: reading.texts["select"] = "SELECTLEGEND"
            case 10..<60: reading.kills = 2
            case 60...64: reading.texts["placed"] = ["PLACED#19OF-20", "PLACED#19.OF20", "PLACED#19OF:20"][Int(t - 60) / 2]
            default: break
            }
            records += detector.observe(reading)
        }
        records += detector.finish()
        let match = try #require(events(records, "match").first)
        #expect(match["end"]?.doubleValue == 59 && match["placement"]?.intValue == 19)
    }

    @Test func aHUDMissedLongAfterTheStartDoesNotMoveIt() throws {
        let records = try Script(until: 230, select: 10...24, placed: (201, 3), kills: [(61, 1)], hidden: [26...60]).run()
        let match = try #require(events(records, "match").first)
        #expect(match["start"]?.doubleValue == 25)
    }

    @Test func singleMisreadingsAreIgnored() throws {
        let records = try Script(until: 230, select: 10...24, placed: (201, 7), kills: [(61, 1), (99, 2)],
                                 misread: [80: 7, 120: 12, 130: nil, 140: 1, 150: 27]).run()
        #expect(events(records, "kill").map { $0["value"]?.intValue } == [1, 2])
        #expect(events(records, "match").first?["kills"]?.intValue == 2)
    }

    @Test func aPairOfMisreadingsFarAboveTheCountIsNotBelieved() throws {
        // The hard bench's orange scene: a 3 read as 8 in two frames running (160 and 162 s).
        let records = try Script(until: 230, select: 10...24, placed: (201, 6), kills: [(61, 1), (99, 2), (151, 3)],
                                 misread: [120: 8, 160: 8, 162: 8]).run()
        #expect(events(records, "kill").map { $0["value"]?.intValue } == [1, 2, 3])
        #expect(events(records, "match").first?["kills"]?.intValue == 3)
    }

    @Test func aJumpAfterTheHUDWasHiddenIsBelievedOnceItHolds() throws {
        // Four kills while the inventory hid the HUD: 2, then 6 once three frames show it.
        let records = try Script(until: 230, select: 10...24, placed: (201, 6), kills: [(61, 1), (99, 2), (131, 6)],
                                 hidden: [120...138]).run()
        #expect(events(records, "kill").map { $0["value"]?.intValue } == [1, 2, 6])
        #expect(events(records, "kill").last?["t"]?.doubleValue == 140)
        #expect(events(records, "match").first?["kills"]?.intValue == 6)
    }

    @Test func aLongSpectatingTimeKeepsThePlayersCount() throws {
        // The player has 3 and dies at 150; the spectated player's 17 shows for 250 s.
        let records = try Script(until: 430, select: 10...24, placed: (400, 8), spectating: 150,
                                 kills: [(40, 1), (70, 2), (110, 3), (150, 17), (300, 18)]).run()
        let match = try #require(events(records, "match").first)
        #expect(match["kills"]?.intValue == 3)
        #expect(match["died"]?.boolValue == true)
        #expect(match["placement"]?.intValue == 8)
        #expect(events(records, "kill").map { $0["value"]?.intValue } == [1, 2, 3])
    }

    @Test func aSpectatedCountReadBeforeSpectatingIsNeverThePlayers() throws {
        // SPECTATING appears at 150 but is read only from 154; the spectated 9 is read at once.
        let records = try Script(until: 300, select: 10...24, placed: (280, 12), spectating: 150,
                                 kills: [(40, 1), (70, 2), (150, 9), (200, 10)], missedTexts: [150, 152]).run()
        #expect(events(records, "match").first?["kills"]?.intValue == 2)
        #expect(events(records, "kill").map { $0["value"]?.intValue } == [1, 2])
    }

    @Test func killEventsWaitUntilTheyAreCertain() throws {
        let detector = BattleRoyaleDetector(profile: try Profile.load("br"))
        let script = Script(until: 120, select: 10...24, kills: [(61, 1)])
        var seenAt: Double?
        for reading in script.readings() {
            if !events(detector.observe(reading), "kill").isEmpty, seenAt == nil {
                seenAt = reading.time
            }
        }
        // First read at 62, confirmed at 64, certain once 6 s (quiet / 2) passed without SPECTATING.
        #expect(seenAt == 68)
    }

    @Test func matchesCutOffByTheInputArePartial() throws {
        // The input starts inside a match (its end screen at 60) and ends inside the next.
        let detector = BattleRoyaleDetector(profile: try Profile.load("br"))
        var records: [Record] = []
        for t in stride(from: 0.0, through: 260, by: 2) {
            var reading = FrameReading(time: t)
            switch t {
            case ..<60: reading.kills = t < 20 ? 4 : 5
            case 60...70: reading.texts["placed"] = "PLACED#5OF20"
            case 120...134: reading.texts["select"] = "SELECTLEGEND"
            case 136...: reading.kills = 0
            default: break
            }
            records += detector.observe(reading)
        }
        records += detector.finish()
        let matches = events(records, "match")
        #expect(matches.count == 2)
        #expect(matches[0]["start"] == nil && matches[0]["partial"]?.boolValue == true)
        #expect(matches[0]["end"]?.doubleValue == 59 && matches[0]["kills"]?.intValue == 5)
        #expect(matches[0]["placement"]?.intValue == 5)
        #expect(matches[1]["start"]?.doubleValue == 135 && matches[1]["end"] == nil)
        #expect(matches[1]["partial"]?.boolValue == true && matches[1]["kills"] == nil)
    }

    @Test func inventoryTimesAndNullReadingsChangeNothing() throws {
        let records = try Script(until: 230, select: 10...24, placed: (201, 2), kills: [(61, 1)],
                                 hidden: [80...90, 150...158]).run()
        #expect(events(records, "match").first?["kills"]?.intValue == 1)
    }

    @Test func aProfileFileCanExtendABuiltInOne() throws {
        let temporary = try TemporaryDirectory("reel-profile-test")
        let folder = temporary.path
        try AtomicFile.write(Array(#"{"extends": "br", "timings": {"quiet": 20}, "clips": {"kill": {"before": 3, "after": 1}}}"#.utf8),
                             to: folder + "/p.json")
        let profile = try Profile.load(folder + "/p.json")
        #expect(profile.timing("quiet", default: 0) == 20)
        #expect(profile.timing("burst", default: 0) == 3, "untouched fields stay")
        #expect(profile.clips["kill"]?.before == 3 && profile.clips["match"]?.before == 5)
        #expect(profile.crops["hud"] == "0.5,0,0.5,0.1")
        #expect(throws: ToolError.self) { try Profile.load(folder + "/missing.json") }
    }
}

@Suite struct SpectatingRunTests {
    @Test func aSpectatedCountReadBeforeSpectatingIsConfirmedIsNotThePlayers() throws {
        // As on the hard 1080p stream of seed 7113: the player dies with 2 kills at 178.4 s; the
        // spectated teammate's 15 shows from 180, SPECTATING is read at 182, misread at 184 and
        // 186, read again from 188 (confirmed at 190, its window starting at 188).
        let records = try Script(until: 360, select: 0...6, placed: (344, 20), spectating: 182,
                                 kills: [(18, 1), (40, 2), (180, 15), (204, 16)],
                                 missedTexts: [184, 186]).run()
        let match = try #require(events(records, "match").first)
        #expect(match["kills"]?.intValue == 2, "\(match)")
        #expect(match["died"]?.boolValue == true)
        #expect(events(records, "kill").map { $0["value"]?.intValue } == [1, 2])
    }
}

@Suite struct TolerantWordTests {
    /// The script's readings with every SELECTLEGEND and SPECTATING read as given.
    func run(_ script: Script, select: String, spectating: String) throws -> [Record] {
        let detector = BattleRoyaleDetector(profile: try Profile.load("br"))
        let readings = script.readings().map { reading -> FrameReading in
            var reading = reading
            if reading.texts["select"] != nil { reading.texts["select"] = select }
            if reading.texts["spectating"] != nil { reading.texts["spectating"] = spectating }
            return reading
        }
        return readings.flatMap { detector.observe($0) } + detector.finish()
    }

    @Test func wordsReadWithACharacterInFiveWrongAreSeen() throws {
        // As on the hard 1080p streams: SPEGTATINGE, SELECTLEGFND.
        let script = Script(until: 230, select: 10...24, placed: (201, 3), spectating: 150, kills: [(61, 1), (140, 2), (160, 9)])
        let match = try #require(events(try run(script, select: "SELECTLEGFND", spectating: "SPEGTATINGE"), "match").first)
        #expect(match["start"]?.doubleValue == 25)
        #expect(match["kills"]?.intValue == 2, "the spectated 9 is not the player's")
        #expect(match["died"]?.boolValue == true)
    }

    /// The records of a match whose end screen (placed #3 at 201 s) is read as `misread`.
    func endScreenRead(as misread: String) throws -> [Record] {
        let detector = BattleRoyaleDetector(profile: try Profile.load("br"))
        let readings = Script(until: 230, select: 10...24, placed: (201, 3), kills: [(61, 1)]).readings()
            .map { reading -> FrameReading in
                var reading = reading
                if reading.texts["placed"] != nil { reading.texts["placed"] = misread }
                return reading
            }
        return readings.flatMap { detector.observe($0) } + detector.finish()
    }

    @Test func anEndScreenReadWithALetterOfItsWordWrongIsSeen() throws {
        // PLAGED #7 OF 20: the word of the pattern mended, its number as read.
        for (misread, placement) in [("PLAGED#7OF20", 7), ("PLACEO#12OF20", 12), ("LACED#3OF20", 3)] {
            let records = try endScreenRead(as: misread)
            let match = try #require(events(records, "match").first, "\(misread)")
            #expect(match["end"]?.doubleValue == 201, "\(misread)")
            #expect(match["placement"]?.intValue == placement, "\(misread)")
        }
    }

    /// A match whose end screen (from 201 s) is read at 202 s only, the next legend select from
    /// 216 s; `countAfter`: the HUD's count read again at 204 s.
    func endScreenReadOnce(countAfter: Bool) throws -> [Record] {
        let detector = BattleRoyaleDetector(profile: try Profile.load("br"))
        let readings = Script(until: 260, select: 10...24, placed: (201, 11), kills: [(61, 1)]).readings()
            .map { reading -> FrameReading in
                var reading = reading
                if reading.time > 202 { reading.texts["placed"] = nil }
                if reading.time == 204, countAfter { reading.kills = 1 }
                if (216...240).contains(reading.time) { reading.texts["select"] = "SELECTLEGEND" }
                return reading
            }
        return readings.flatMap { detector.observe($0) } + detector.finish()
    }

    @Test func anEndScreenReadOnceBeforeTheNextLegendSelectEndsTheMatch() throws {
        // Hard 1080p60 seed 7311: a 6 s end screen sampled every 4 s, read at 360 s, misread at 364.
        let records = try endScreenReadOnce(countAfter: false)
        let match = try #require(events(records, "match").first)
        #expect(match["start"]?.doubleValue == 25)
        #expect(match["end"]?.doubleValue == 201)
        #expect(match["placement"]?.intValue == 11)
        #expect(match["kills"]?.intValue == 1)
        #expect(match["partial"] == nil)
    }

    @Test func anEndScreenReadOnceWithTheCountAfterItIsNoEnd() throws {
        let records = try endScreenReadOnce(countAfter: true)
        let match = try #require(events(records, "match").first)
        #expect(match["start"]?.doubleValue == 25)
        #expect(match["end"] == nil)
        #expect(match["partial"]?.boolValue == true)
    }

    @Test func thePlacementIsTheEndScreensMostCommonReadingAfterItIsConfirmedToo() throws {
        // Seed 7300: #16 read as # 6 in the end screen's first frame, as #16 in the next ones.
        let detector = BattleRoyaleDetector(profile: try Profile.load("br"))
        var emitted: [(Double, Record)] = []
        for var reading in Script(until: 260, select: 10...24, placed: (201, 16), kills: [(61, 1)]).readings() {
            if reading.time == 202 { reading.texts["placed"] = "PLACED#6OF20" }
            emitted += detector.observe(reading).map { (reading.time, $0) }
        }
        emitted += detector.finish().map { (Double.infinity, $0) }
        let match = try #require(emitted.first { $0.1["kind"]?.stringValue == "match" })
        #expect(match.1["end"]?.doubleValue == 201)
        #expect(match.1["placement"]?.intValue == 16)
        #expect(match.0 <= 210, "out by the match clip's end (8 s after the end), not at the input's end")
    }

    @Test func anEndScreenWithTwoLettersWrongOrNoNumberIsNot() throws {
        for misread in ["RLAGED#7OF20", "PLAGED#OF20", "PLAGEDOF"] {
            let records = try endScreenRead(as: misread)
            #expect(events(records, "match").first?["placement"] == nil, "\(misread)")
        }
    }

    @Test func garbageIsNoWord() throws {
        // Three characters in twelve wrong is too many: no legend select, so the match found
        // runs from the HUD's first sighting, its start unknown.
        let script = Script(until: 230, select: 10...24, placed: (201, 3), kills: [(61, 1)])
        let match = try #require(events(try run(script, select: "SEIECTIEGFND", spectating: ""), "match").first)
        #expect(match["start"]?.doubleValue != 25, "\(match)")
    }
}

@Suite struct BoundlessMatchTests {
    @Test func aCountReadInTheLobbyAfterAMatchMakesNoMatchWithoutBounds() throws {
        // Seen on a hard 720p stream: after the end screen, the lobby's scene read as a `1` in
        // the HUD twice; legend select then closed a "match" with no start, no end, no kills.
        let detector = BattleRoyaleDetector(profile: try Profile.load("br"))
        var records: [Record] = []
        for t in stride(from: 0.0, through: 330, by: 2) {
            var reading = FrameReading(time: t)
            switch t {
            case 10...24, 290...304: reading.texts["select"] = "SELECTLEGEND"
            case 26..<200: reading.kills = t < 100 ? 0 : 2
            case 200...214: reading.texts["placed"] = "PLACED#3OF20"
            case 240, 242, 246: reading.kills = 1
            case 306...: reading.kills = 0
            default: break
            }
            records += detector.observe(reading)
        }
        records += detector.finish()
        let matches = events(records, "match")
        #expect(matches.count == 2, "\(matches.map { String(decoding: $0.serialized(), as: UTF8.self) })")
        #expect(matches.first?["end"]?.doubleValue == 199 && matches.first?["kills"]?.intValue == 2)
        #expect(matches.last?["start"] != nil && matches.last?["partial"]?.boolValue == true)
        #expect(!matches.contains { $0["start"] == nil && $0["end"] == nil }, "\(matches)")
    }
}
