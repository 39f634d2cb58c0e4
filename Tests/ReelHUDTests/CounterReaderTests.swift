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

    @Test func damagedShippedWeightsAreSaidDamagedNotMissing() throws {
        #expect(DigitClassifier.weights(base64: "") == .failure(.none))
        #expect(DigitClassifier.weights(base64: "@@@@") == .failure(.damaged("not a reel network weights file")))
        // The shipped file cut in half: its header is right, its numbers are not all there.
        let shipped = try #require(DigitClassifier.shipped)
        let half = Array(shipped.fileBytes.prefix(shipped.fileBytes.count / 2))
        #expect(DigitClassifier.weights(base64: Data(half).base64EncodedString())
                    == .failure(.damaged("weights file of the wrong size or shape")))
        guard case .success = DigitClassifier.shippedWeights else {
            Issue.record("the shipped weights: \(DigitClassifier.shippedWeights)")
            return
        }
    }
}
