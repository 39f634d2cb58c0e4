import Foundation
import ReelTestSupport
import ReelVision
import Testing

/// ocr-frame end to end: frame-sample's crops of synthetic streams, read by the built tool.
@Suite(.serialized) struct OCRFrameTests {
    static let whitelist = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#:- "

    func number(_ record: [String: Any], _ key: String) -> Double { record[key] as? Double ?? .nan }

    /// frame-sample (exact) at `times` with `crops`, then ocr-frame with `arguments`.
    func read(_ video: String, at times: [Double], crops: [String], arguments: [String] = [], folder: TemporaryDirectory)
        throws -> (records: [[String: Any]], result: ProcessResult)
    {
        let sample = try Tools.run("frame-sample", [video, "--mode", "exact", "--at", times.map { String($0) }.joined(separator: ",")]
            + crops.flatMap { ["--crop", $0] } + ["--out", folder.path])
        #expect(sample.status == 0, "\(sample.errors)")
        let result = try Tools.run("ocr-frame", ["--whitelist", Self.whitelist, "--upper"] + arguments, input: sample.output)
        return (try jsonLines(result.output), result)
    }

    func text(_ record: [String: Any], _ region: String) -> String? {
        ((record["ocr"] as? [String: Any])?[region] as? [String: Any])?["text"] as? String
    }

    func squeezed(_ text: String?) -> String { (text ?? "").replacingOccurrences(of: " ", with: "") }

    @Test func readsTheBattleRoyaleTextsWhereTheyShowAndNotElsewhere() throws {
        let stream = try SyntheticStreams.make("br", duration: 240, seed: 2)
        let game = try #require(stream.truth("game").first { $0["end"] != nil && $0["start"] != nil })
        let start = game["start"]?.doubleValue ?? 0, end = game["end"]?.doubleValue ?? 0
        let placement = game["placement"]?.intValue ?? 0
        let death = try #require(stream.screen("text").first { $0["text"]?.stringValue == "SPECTATING" })["start"]?.doubleValue ?? 0
        let times = [start - 3, start + 30, death + 2, end + 1]
        let folder = try TemporaryDirectory()
        let (records, result) = try read(stream.video, at: times, crops: [
            "select=0.15,0.04,0.70,0.17", "placed=0.02,0.06,0.55,0.15", "spectating=0.25,0.79,0.50,0.14",
        ], folder: folder)
        #expect(result.status == 0, "\(result.errors)")
        #expect(records.count == 4)
        #expect(squeezed(text(records[0], "select")) == "SELECTLEGEND")
        #expect(squeezed(text(records[3], "placed")).hasPrefix("PLACED#\(placement)OF20"))
        #expect(squeezed(text(records[2], "spectating")) == "SPECTATING")
        // Nowhere else: in the match no region reads these texts.
        #expect(!squeezed(text(records[1], "select")).contains("SELECTLEGEND"))
        #expect(!squeezed(text(records[1], "placed")).contains("PLACED"))
        #expect(!squeezed(text(records[1], "spectating")).contains("SPECTATING"))
        #expect(!squeezed(text(records[0], "spectating")).contains("SPECTATING"))
    }

    @Test func readsTheScoreboardAndReplay() throws {
        let stream = try SyntheticStreams.make("football", duration: 180, seed: 1)
        let goal = try #require(stream.truth("goal").first)
        let g = goal["t"]?.doubleValue ?? 0
        let replay = try #require(stream.screen("text").first { $0["text"]?.stringValue == "REPLAY" && ($0["start"]?.doubleValue ?? 0) > g })
        let replayStart = replay["start"]?.doubleValue ?? 0, replayEnd = replay["end"]?.doubleValue ?? 0
        let folder = try TemporaryDirectory()
        let (records, result) = try read(stream.video, at: [g - 1, replayStart + 1, replayEnd + 1],
                                         crops: ["scoreboard=0,0,0.5,0.12", "replay=0.6,0,0.4,0.15"], folder: folder)
        #expect(result.status == 0, "\(result.errors)")
        let before = try #require(stream.screen("scoreboard").first { ($0["start"]?.doubleValue ?? 0) <= g && g < ($0["end"]?.doubleValue ?? 0) })
        let home = before["home"]?.stringValue ?? "", away = before["away"]?.stringValue ?? ""
        let after = goal["score"]?.arrayValue?.compactMap(\.intValue) ?? []
        #expect(squeezed(text(records[0], "scoreboard")).hasPrefix("\(home)0-0\(away)"))
        #expect(squeezed(text(records[2], "scoreboard")).hasPrefix("\(home)\(after[0])-\(after[1])\(away)"))
        #expect(squeezed(text(records[1], "replay")) == "REPLAY")
        #expect(!squeezed(text(records[0], "replay")).contains("REPLAY"))
        // During the replay the scoreboard is gone: nothing like a score is read.
        #expect(!squeezed(text(records[1], "scoreboard")).contains("-"))
    }

    @Test func aRegionThatCannotHoldTextIsSkippedNotEmpty() throws {
        let folder = try TemporaryDirectory()
        let flat = folder.file("flat.pgm")
        try Data(PNM.encode(GrayImage(width: 300, height: 60, value: 90))).write(to: URL(fileURLWithPath: flat))
        let record = #"{"type":"frame","t":1.0,"crops":{"hud":{"box":[0,0,300,60],"path":"\#(flat)","size":[300,60]}}}"#
        let result = try Tools.run("ocr-frame", [], input: record + "\n")
        #expect(result.status == 0)
        #expect(result.output == #"{"type":"frame","t":1.0,"crops":{"hud":{"box":[0,0,300,60],"path":"\#(flat)","size":[300,60]}},"ocr":{"hud":{"skipped":true}}}"# + "\n")
    }

    @Test func aMissingImageIsAnErrorOnItsRegionAndStatus65() throws {
        let folder = try TemporaryDirectory()
        let missing = folder.file("gone.pgm")
        let input = [
            #"{"type":"event","kind":"goal","t":3.50}"#,
            #"{"type":"frame","t":2.0,"crops":{"hud":{"path":"\#(missing)"}},"ocr":{"old":{"text":"KEPT","conf":90}}}"#,
        ].joined(separator: "\n") + "\n"
        let result = try Tools.run("ocr-frame", [], input: input)
        #expect(result.status == 65)
        #expect(result.errors.contains("ocr-frame: \(missing): no such file"))
        let lines = result.lines
        #expect(lines[0] == #"{"type":"event","kind":"goal","t":3.50}"#)
        let frame = try #require(try jsonLines(lines[1]).first)
        let ocr = frame["ocr"] as? [String: Any] ?? [:]
        #expect((ocr["old"] as? [String: Any])?["text"] as? String == "KEPT", "earlier readings are kept")
        #expect((ocr["hud"] as? [String: Any])?["error"] as? String == "no such file")
    }

    @Test func missingLanguageDataIsStatus69AndNamesThePackage() throws {
        let result = try Tools.run("ocr-frame", ["--lang", "zzz"], input: "")
        #expect(result.status == 69)
        #expect(result.errors.contains("install tesseract-ocr-zzz"))
    }

    @Test func outputKeepsTheInputOrderWhateverTheThreads() throws {
        let stream = try SyntheticStreams.make("football", duration: 180, seed: 1)
        let folder = try TemporaryDirectory()
        let sample = try Tools.run("frame-sample", [stream.video, "--every", "2", "--crop", "scoreboard=0,0,0.5,0.12",
                                                    "--out", folder.path])
        let one = try Tools.run("ocr-frame", ["--threads", "1", "--upper"], input: sample.output)
        let four = try Tools.run("ocr-frame", ["--threads", "4", "--upper"], input: sample.output)
        #expect(one.status == 0 && four.status == 0)
        #expect(one.output == four.output)
        let times = try jsonLines(four.output).compactMap { $0["t"] as? Double }
        #expect(times == times.sorted() && times.count == 90)
    }

    @Test func readsAPartOfACrop() throws {
        let stream = try SyntheticStreams.make("football", duration: 180, seed: 1)
        let goal = try #require(stream.truth("goal").first)
        let replay = try #require(stream.screen("text").first { $0["text"]?.stringValue == "REPLAY" && ($0["start"]?.doubleValue ?? 0) > (goal["t"]?.doubleValue ?? 0) })
        let folder = try TemporaryDirectory()
        let (records, result) = try read(stream.video, at: [(replay["start"]?.doubleValue ?? 0) + 1], crops: ["top=0,0,1,0.15"],
                                         arguments: ["--rect", "replay=top:0.6,0,0.4,1", "--rect", "left=top:0,0,0.5,1"], folder: folder)
        #expect(result.status == 0, "\(result.errors)")
        let ocr = records.first?["ocr"] as? [String: Any] ?? [:]
        #expect(ocr.keys.sorted() == ["left", "replay"])
        #expect(squeezed(text(records[0], "replay")) == "REPLAY")
    }
}
