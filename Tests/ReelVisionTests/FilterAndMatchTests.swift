import ReelVision
import Testing

@Suite struct FilterAndMatchTests {
    @Test func meanAndMinimumOfFrames() {
        let a = GrayImage(width: 2, height: 1, pixels: [255, 0])
        let b = GrayImage(width: 2, height: 1, pixels: [255, 100])
        let c = GrayImage(width: 2, height: 1, pixels: [255, 201])
        #expect(GrayImage.mean(of: [a, b, c])?.pixels == [255, 100])
        #expect(GrayImage.minimum(of: [a, b, c])?.pixels == [255, 0])
        #expect(GrayImage.mean(of: [a, GrayImage(width: 1, height: 1)]) == nil)
    }

    @Test func medianBlurRemovesSpecks() {
        var image = GrayImage(width: 5, height: 5, value: 10)
        image[2, 2] = 250
        image[0, 0] = 250
        let blurred = image.medianBlurred(size: 3)
        #expect(blurred.pixels.allSatisfy { $0 == 10 })
        // A 3x3 block survives: most of each neighbourhood inside it is bright.
        var block = GrayImage(width: 5, height: 5, value: 0)
        for y in 1...3 { for x in 1...3 { block[x, y] = 200 } }
        #expect(block.medianBlurred(size: 3)[2, 2] == 200)
        #expect(block.medianBlurred(size: 3)[1, 1] == 0)
    }

    @Test func boundingBoxOfSelectedPixels() {
        var image = GrayImage(width: 6, height: 4)
        image[1, 2] = 255
        image[4, 1] = 255
        #expect(image.boundingBox { $0 == 255 }! == (1, 1, 4, 2))
        #expect(GrayImage(width: 3, height: 3).boundingBox { $0 > 0 } == nil)
    }

    @Test func templateMatchingFindsThePatternUnderOtherBrightness() {
        // A plus sign at (5, 3) in a noisy image, darker and with less contrast than the template.
        let template = GrayImage(width: 3, height: 3, pixels: [0, 255, 0, 255, 255, 255, 0, 255, 0])
        var generator = FixedSequence(seed: 7)
        var image = GrayImage(width: 12, height: 8, pixels: (0..<96).map { _ in UInt8(40 + generator.next() % 30) })
        for (dx, dy) in [(1, 0), (0, 1), (1, 1), (2, 1), (1, 2)] {
            image[5 + dx, 3 + dy] = 180
        }
        let match = TemplateMatcher(template: template).best(in: image)
        #expect(match?.x == 5 && match?.y == 3)
        #expect((match?.score ?? 0) > 0.9)
        // Within a range that excludes it, the best is poor.
        let elsewhere = TemplateMatcher(template: template).best(in: image, xs: 0...2, ys: 0...5)
        #expect((elsewhere?.score ?? 1) < 0.6)
        // An exact copy scores 1; a flat window scores 0.
        #expect(abs((TemplateMatcher(template: template).best(in: template)?.score ?? 0) - 1) < 1e-9)
        #expect(TemplateMatcher(template: template).scores(in: GrayImage(width: 4, height: 4, value: 9)).scores.allSatisfy { $0 == 0 })
    }
}

/// A small deterministic generator for test images.
struct FixedSequence {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int(state >> 33)
    }
}
