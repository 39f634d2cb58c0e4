import Foundation
import ReelCore
import ReelOCR
import ReelTestSupport
import ReelVision
import Testing

/// Light text on a dark box over a scene as light as the text is read inside the box
/// (Tests/Fixtures/boxed-text/README.md).
@Suite struct BoxedTextTests {
    func read(_ name: String, textHeights: ClosedRange<Double>) throws -> String? {
        let image = try ImageFile.readRGB(path: Repository.fixture("boxed-text/\(name).png"))
        return hudReader().read(image, textHeights: textHeights).text
    }

    /// The football profile's scoreboard text heights, in the 720-pixel frame's pixels.
    let scoreboard = (0.02 * 720)...(0.036 * 720)

    @Test func aScoreOnAPurpleBoxOverABrightSceneIsReadWithItsDash() throws {
        // Before: the line ran on into the bright scene (`MUN 1 - Q MAL 0`), or the 1 went with
        // MUN and read as nothing (`MUN 0 MIL`).
        let text = try read("scoreboard-bright", textHeights: scoreboard)
        let score = text.flatMap { $0.firstMatch(of: /^MUN (\d) ?- ?(\d) MIL/) }.map { "\($0.1)-\($0.2)" }
        #expect(score == "1-0", "\(text ?? "unread")")
    }

    @Test func aScoreOnADarkBoxOverBlueAndWhiteCellsIsRead() throws {
        let text = try read("scoreboard-cells", textHeights: scoreboard)
        let score = text.flatMap { $0.firstMatch(of: /(\d) ?- ?(\d)/) }.map { "\($0.1)-\($0.2)" }
        #expect(score == "0-1", "\(text ?? "unread")")
    }

    @Test func redReplayOnADarkBoxIsReadWithoutTheBoxEdge() throws {
        // Before: the box's edge, read with the word, took Tesseract's confidence to 0: unread.
        let text = try read("replay-red-cells", textHeights: (0.035 * 720)...(0.035 * 720))
        #expect(text == "REPLAY", "\(text ?? "unread")")
    }
}

/// Lines of fewer character shapes than the region's texts need are not read (Tesseract runs
/// only where a known text may be).
@Suite struct LeastCharactersReadingTests {
    func reading(leastCharacters: Int) throws -> RegionReading {
        let image = try ImageFile.readRGB(path: Repository.fixture("boxed-text/replay-red-cells.png"))
        var options = hudReader().options
        options.leastCharacters = leastCharacters
        let reader = RegionReader(options: options) { try? OCREngine() }
        return reader.read(image, textHeights: (0.035 * 720)...(0.035 * 720))
    }

    @Test func aLineShorterThanTheRegionsTextsIsSkippedUnread() throws {
        #expect(try reading(leastCharacters: 2).text == "REPLAY")
        #expect(try reading(leastCharacters: 7) == .skipped("no line of 7 characters or more"))
    }
}
