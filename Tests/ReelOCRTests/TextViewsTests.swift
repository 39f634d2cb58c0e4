import Foundation
import ReelCore
import ReelOCR
import ReelTestSupport
import ReelVision
import Testing

@Suite struct TextViewsTests {
    @Test func orangeTextOverASaturatedGreenIsRead() throws {
        // Orange over green: about as light (luma 159 against 141) and as colourful (chroma 255
        // against 220) as each other; apart only in how far the letters are from the green.
        let image = try ImageFile.readRGB(path: Repository.fixture("coloured-text/placed-orange-on-green.png"))
        let reading = hudReader().read(image, textHeights: (0.04 * 720)...(0.05 * 720))
        guard case .text(let read) = reading else {
            Issue.record("orange over green: \(reading)")
            return
        }
        #expect(read.text == "PLACED #17 OF 20", "\(read)")
    }

    @Test func redTextOverBlocksOfOtherColoursIsRead() throws {
        // Before: skipped, no line (Otsu's split of the chroma put the olive and green blocks,
        // and the letters touching them, with the red letters).
        let image = try ImageFile.readRGB(path: Repository.fixture("coloured-text/goal-red-over-colour-blocks.png"))
        let reading = hudReader().read(image, textHeights: (0.1 * 720)...(0.1 * 720))
        guard case .text(let read) = reading else {
            Issue.record("red GOAL over colour blocks: \(reading)")
            return
        }
        #expect(read.text == "GOAL", "\(read)")
    }
}
