import Foundation
import ReelCore
import ReelHUD
import ReelTestSupport
import Testing

@Suite struct CounterReaderTests {
    /// A frame record whose HUD crop is `path`, with the skull where it is there.
    func record(_ path: String, skull: (x: Int, y: Int, w: Int, h: Int)) throws -> Record {
        let line = #"{"type":"frame","t":56,"w":1920,"h":1080,"crops":{"hud":{"box":[0,0,140,72],"path":"\#(path)","size":[140,72]}},"#
            + #""skull":{"x":\#(skull.x),"y":\#(skull.y),"w":\#(skull.w),"h":\#(skull.h),"score":0.76}}"#
        return try Record.parse(line: Array(line.utf8))
    }

    @Test func aSmearedRedNineIsReadWholeNotByItsStem() throws {
        let weights = try #require(DigitClassifier.shipped)
        let reader = CounterReader(region: "hud", cutter: .spec, weights: weights)
        let frame = try record(Repository.fixture("smeared-digits/red-9.png"), skull: (63, 17, 25, 24))
        let (read, problem) = reader.annotate(frame)
        #expect(problem == nil)
        #expect(read["kills"]?.objectValue?["value"]?.intValue == 9, "\(String(describing: read["kills"]))")
    }

    /// White and red digits over an orange scene (reel's hard generator, life with noise at
    /// 6 Mbit/s): the shades of the red ink map ring the digit with the scene, a shape taller than
    /// the font's digits that the network takes for a sure 8 (the count went 3, 8, 3).
    @Test(arguments: [("orange-160", 3), ("orange-150", 3), ("orange-120", 2)])
    func aDigitRingedByAnOrangeSceneIsNotAnEight(fixture: String, value: Int) throws {
        let weights = try #require(DigitClassifier.shipped)
        let reader = CounterReader(region: "hud", cutter: .spec, weights: weights)
        let frame = try record(Repository.fixture("smeared-digits/\(fixture).png"), skull: (40, 21, 29, 27))
        let (read, problem) = reader.annotate(frame)
        #expect(problem == nil)
        #expect(read["kills"]?.objectValue?["value"]?.intValue == value, "\(String(describing: read["kills"]))")
    }

    /// A 7 whose stem the coder erased leaves a top bar wider than tall; split as two touching
    /// digits, it read 17. No digit is as narrow as the piece the split left (3 of 12 pixels).
    @Test func theTopBarOfASevenIsNotSplitIntoTwoDigits() throws {
        let weights = try #require(DigitClassifier.shipped)
        let reader = CounterReader(region: "hud", cutter: .spec, weights: weights)
        let frame = try record(Repository.fixture("smeared-digits/top-of-7.png"), skull: (50, 17, 25, 24))
        let (read, _) = reader.annotate(frame)
        let value = read["kills"]?.objectValue?["value"]?.intValue
        #expect(value == nil || value == 7, "\(String(describing: read["kills"]))")
    }

    @Test func damagedShippedWeightsAreSaidDamagedNotMissing() throws {
        let shipped = try #require(DigitClassifier.shipped, "the shipped weights: \(ShippedWeights.weights)")
        let bytes = shipped.fileBytes
        let checksum = SHA256.hex(bytes) + "  digits.weights\n"
        #expect(ShippedWeights.weights(bytes: bytes, checksum: checksum, source: "w") == .success(shipped))
        // One byte changed: the checksum catches it before the file is read.
        var flipped = bytes
        flipped[bytes.count / 2] ^= 1
        guard case .failure(.damaged(path: "w", let why)) = ShippedWeights.weights(bytes: flipped, checksum: checksum, source: "w") else {
            Issue.record("a changed byte passed the checksum")
            return
        }
        #expect(why.contains("SHA-256"), "\(why)")
        // The file cut in half with a checksum to match: its header is right, its numbers are not all there.
        let half = Array(bytes.prefix(bytes.count / 2))
        #expect(ShippedWeights.weights(bytes: half, checksum: SHA256.hex(half), source: "w")
                    == .failure(.damaged(path: "w", why: "weights file of the wrong size or shape")))
        #expect(ShippedWeights.weights(bytes: [64, 64], checksum: SHA256.hex([64, 64]), source: "w")
                    == .failure(.damaged(path: "w", why: "not a reel network weights file")))
    }

    @Test func missingShippedWeightsSayWhereTheyWereLookedFor() throws {
        let folder = try TemporaryDirectory()
        let result = ShippedWeights.load(from: ShippedWeights.folders(besideTool: URL(fileURLWithPath: folder.path)))
        #expect(result == .failure(.missing(searched: [URL(fileURLWithPath: folder.path).deletingLastPathComponent()
            .appendingPathComponent("share/reel/digits.weights").path])))
    }

    @Test func aWeightsFileWithoutItsChecksumIsDamaged() throws {
        let folder = try TemporaryDirectory()
        let shipped = try #require(DigitClassifier.shipped)
        FileManager.default.createFile(atPath: folder.file("digits.weights"), contents: Data(shipped.fileBytes))
        let result = ShippedWeights.load(from: [URL(fileURLWithPath: folder.path)])
        #expect(result == .failure(.damaged(path: folder.file("digits.weights"), why: "no checksum beside it (digits.weights.sha256)")))
        try (SHA256.hex(shipped.fileBytes) + "  digits.weights\n").write(toFile: folder.file("digits.weights.sha256"), atomically: true, encoding: .utf8)
        #expect(ShippedWeights.load(from: [URL(fileURLWithPath: folder.path)]) == .success(shipped))
    }
}
