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
