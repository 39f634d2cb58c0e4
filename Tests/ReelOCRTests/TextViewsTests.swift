import Foundation
import ReelCore
import ReelOCR
import ReelTestSupport
import ReelVision
import Testing

/// Coloured text that no view of lightness sets apart (Tests/Fixtures/coloured-text/README.md).
@Suite struct TextViewsTests {
    /// What a HUD reader reads in a fixture, `textHeights` in the 720-pixel frame's fractions.
    func reading(_ fixture: String, textHeights: ClosedRange<Double>) throws -> RegionReading {
        let image = try ImageFile.readRGB(path: Repository.fixture("coloured-text/\(fixture).png"))
        return hudReader().read(image, textHeights: (textHeights.lowerBound * 720)...(textHeights.upperBound * 720))
    }

    @Test func orangeTextOverASaturatedGreenIsRead() throws {
        // Orange over green: about as light (luma 159 against 141) and as colourful (chroma 255
        // against 220) as each other; apart only in how far the letters are from the green.
        let read = try reading("placed-orange-on-green", textHeights: 0.04...0.05)
        #expect(read.text == "PLACED #17 OF 20", "\(read)")
    }

    @Test func redTextOverBlocksOfOtherColoursIsRead() throws {
        // Before: skipped, no line (Otsu's split of the chroma put the olive and green blocks,
        // and the letters touching them, with the red letters).
        let read = try reading("goal-red-over-colour-blocks", textHeights: 0.1...0.1)
        #expect(read.text == "GOAL", "\(read)")
    }
}
