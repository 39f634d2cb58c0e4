import Foundation
import ReelHUD
import ReelVision
import Testing

/// A noisy dark image with the skull glyph pasted at (x, y), `height` pixels tall, crisp as a
/// renderer draws it at that size (the big glyph scaled down has thin grey strokes instead).
func scene(width: Int = 320, height: Int = 48, skullAt x: Int, _ y: Int, skullHeight: Int, seed: UInt64 = 1) -> GrayImage {
    var generator = SeededGenerator(seed: seed)
    var image = GrayImage(width: width, height: height, pixels: (0..<(width * height)).map { _ in UInt8.random(in: 30...110, using: &generator) })
    let glyph = SkullFinder.glyph.resized(width: Int((Double(skullHeight) * SkullFinder.aspect).rounded()), height: skullHeight)
    for row in 0..<glyph.height {
        for column in 0..<glyph.width where glyph[column, row] > 90 {
            image[x + column, y + row] = 255
        }
    }
    return image
}

/// White rectangles as digits into a colour image.
func paint(_ image: inout RGBImage, _ boxes: [(Int, Int, Int, Int)], color: (UInt8, UInt8, UInt8) = (255, 255, 255)) {
    var pixels = image.pixels
    for (x, y, w, h) in boxes {
        for row in y..<(y + h) {
            for column in x..<(x + w) {
                let index = (row * image.width + column) * 3
                pixels[index] = color.0
                pixels[index + 1] = color.1
                pixels[index + 2] = color.2
            }
        }
    }
    image = RGBImage(width: image.width, height: image.height, pixels: pixels)
}

@Suite struct SkullFinderTests {
    @Test(arguments: [(40, 10, 24), (200, 6, 30), (150, 14, 20)])
    func findsTheGlyphWhereItIs(x: Int, y: Int, height: Int) throws {
        let picture = scene(skullAt: x, y, skullHeight: height)
        let result = SkullFinder().find(in: picture)
        let found = try #require(result)
        #expect(abs(found.x - x) <= 1 && abs(found.y - y) <= 1)
        #expect(abs(found.height - height) <= 1)
        #expect(found.score > 0.8)
    }

    @Test func noSkullInNoise() {
        var generator = SeededGenerator(seed: 9)
        let noise = GrayImage(width: 320, height: 48, pixels: (0..<(320 * 48)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let result = SkullFinder().find(in: noise)
        #expect(result == nil)
    }

    @Test func neighboursHelpOnlyWhereTheFrameAgrees() {
        // Alone, a faint skull is not found; with neighbours showing it clearly it is, at its place.
        var faint = scene(skullAt: 100, 10, skullHeight: 24)
        faint.pixels = faint.pixels.map { $0 > 150 ? 150 : $0 }
        let clear = scene(skullAt: 100, 10, skullHeight: 24, seed: 2)
        let finder = SkullFinder()
        let other = scene(skullAt: 100, 10, skullHeight: 24, seed: 3)
        let alone = finder.find(in: faint)
        #expect(alone == nil)
        let helped = finder.find(in: faint, neighbours: [clear, other])
        #expect(helped?.x == 100)
        // A frame without the skull stays without, whatever its neighbours show.
        var generator = SeededGenerator(seed: 4)
        let empty = GrayImage(width: 320, height: 48, pixels: (0..<(320 * 48)).map { _ in UInt8.random(in: 30...110, using: &generator) })
        let none = finder.find(in: empty, neighbours: [clear, clear])
        #expect(none == nil)
    }
}

@Suite struct DigitCutterTests {
    let skull = SkullLocation(x: 20, y: 10, width: 21, height: 20, score: 1)

    func image() -> RGBImage {
        RGBImage(width: 200, height: 40, pixels: [UInt8](repeating: 40, count: 200 * 40 * 3))
    }

    @Test func cutsDigitsRightOfTheSkullOnItsBaseline() {
        var picture = image()
        // Two digits a space right of the skull, then a wide gap and the spectator eye.
        paint(&picture, [(48, 11, 11, 19), (61, 11, 11, 19), (100, 12, 18, 18)])
        guard case .success(let cuts) = DigitCutter().cut(picture, skull: skull) else {
            Issue.record("no cut")
            return
        }
        #expect(cuts.map(\.x) == [48, 61])
        #expect(cuts.allSatisfy { $0.pixels.count == DigitCutter.side * DigitCutter.side })
        #expect(cuts[0].pixels.reduce(0, +) > 40, "ink in the normalised digit")
    }

    @Test func splitsTwoTouchingDigits() {
        var picture = image()
        paint(&picture, [(48, 11, 24, 19)])
        guard case .success(let cuts) = DigitCutter().cut(picture, skull: skull) else {
            Issue.record("no cut")
            return
        }
        #expect(cuts.count == 2)
    }

    @Test func redDigitsBesideWhiteSpecks() {
        var picture = image()
        paint(&picture, [(48, 11, 11, 19)], color: (255, 64, 64))
        paint(&picture, [(50, 31, 4, 4)])  // a white speck below: not part of the count
        guard case .success(let cuts) = DigitCutter().cut(picture, skull: skull) else {
            Issue.record("no cut")
            return
        }
        #expect(cuts.count == 1 && cuts[0].x == 48)
    }

    @Test func nothingWhereNoDigitsAre() {
        var picture = image()
        paint(&picture, [(120, 11, 11, 19)])  // too far right of the skull
        let cut = try? DigitCutter().cut(picture, skull: skull).get()
        #expect(cut == nil)
    }
}

@Suite struct DigitModelTests {
    @Test func theShippedWeightsFitTheNetwork() throws {
        let weights = try #require(DigitClassifier.shipped)
        #expect(weights.shape == DigitClassifier.shape)
        let finite = weights.values.allSatisfy { $0.isFinite }
        #expect(finite)
    }

    @Test func datasetsRoundTripThroughTheirFile() throws {
        var dataset = DigitDataset()
        dataset.append(DigitCut(pixels: (0..<400).map { Float($0 % 7) / 6 }, x: 0, y: 0, width: 1, height: 1), label: 3)
        dataset.append(DigitCut(pixels: [Float](repeating: 0, count: 400), x: 0, y: 0, width: 1, height: 1), label: 10)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("reel-dataset-\(UUID().uuidString)").path
        try Data(dataset.fileBytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let read = try DigitDataset(path: path)
        #expect(read == dataset)
    }
}
