import Foundation
import ReelCore
import ReelOCR
import ReelTestSupport
import ReelVision
import Testing

/// Text no view sets apart from the scene is found where the scene moves and the text does not.
@Suite struct StillFusionTests {
    /// Three frames of green REPLAY (with a dark edge) standing still over a saturated, noisy
    /// scene that moves, from the widened generator (Tests/Fixtures/still-text/README.md).
    func frames() throws -> [RGBImage] {
        try [76, 78, 80].map { try ImageFile.readRGB(path: Repository.fixture("still-text/replay-\($0).png")) }
    }

    @Test func stillTextOverAMovingSaturatedSceneIsRead() throws {
        let frames = try frames()
        let reading = hudReader().read(frames[1], neighbours: { [frames[0], frames[2]] }, textHeights: 25...25)
        guard case .text(let read) = reading else {
            Issue.record("REPLAY over a moving rainbow: \(reading)")
            return
        }
        #expect(read.text == "REPLAY", "\(read)")
    }
}

/// Light text smeared grey by the coder is read among specks of a black-and-white scene that
/// stay brighter than it in every frame.
@Suite struct SmearedTextTests {
    /// Three frames of SELECT LEGEND over Life in black and white at 4.5 Mbit/s
    /// (Tests/Fixtures/smeared-text/README.md).
    func frames() throws -> [RGBImage] {
        try [10, 12, 14].map { try ImageFile.readRGB(path: Repository.fixture("smeared-text/select-\($0).png")) }
    }

    @Test func smearedLightTextAmongBrighterSpecksIsRead() throws {
        let frames = try frames()
        // The br profile's select text height (0.05 to 0.07 of 1080 rows) at the crop's scale.
        let reading = hudReader().read(frames[1], neighbours: { [frames[0], frames[2]] }, textHeights: 36...50.4)
        #expect(reading.text == "SELECT LEGEND", "\(reading)")
    }
}
