import Foundation
import ReelCore
import ReelOCR
import ReelTestSupport
import ReelVision
import Testing

/// A region allowed only digits still reads a bold 0 that Tesseract's network takes for an O
/// (Tests/Fixtures/boxed-text/README.md).
@Suite struct ZeroLookalikeTests {
    @Test func aScoreOnALightPillIsReadWithItsZero() throws {
        // The second game's football profile: dark digits on a light pill, digits only.
        var options = ReadingOptions()
        options.polarity = .dark
        options.capitals = true
        options.allowedCharacters = "0123456789:- "
        options.minimumConfidence = 30
        let reader = RegionReader(options: options) { try? OCREngine() }
        let image = try ImageFile.readRGB(path: Repository.fixture("boxed-text/pill-zero.png"))
        let reading = reader.read(image, textHeights: (0.02 * 720)...(0.036 * 720))
        #expect(reading.text?.replacingOccurrences(of: " ", with: "") == "0:1", "\(reading)")
    }
}
