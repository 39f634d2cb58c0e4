import Foundation
import ReelHUD
import ReelVision
import Testing

/// A noisy dark image with the skull glyph pasted at (x, y), `height` pixels tall, crisp as a
/// renderer draws it at that size (the big glyph scaled down has thin grey strokes instead).
func scene(width: Int = 320, height: Int = 48, skullAt x: Int, _ y: Int, skullHeight: Int, seed: UInt64 = 1) -> RGBImage {
    var generator = SeededGenerator(seed: seed)
    var pixels = [UInt8](repeating: 0, count: width * height * 3)
    for index in 0..<(width * height) {
        // A green, noisy scene.
        pixels[3 * index] = UInt8.random(in: 20...90, using: &generator)
        pixels[3 * index + 1] = UInt8.random(in: 90...200, using: &generator)
        pixels[3 * index + 2] = UInt8.random(in: 20...90, using: &generator)
    }
    stamp(&pixels, width: width, skullAt: x, y, skullHeight: skullHeight)
    return RGBImage(width: width, height: height, pixels: pixels)
}

/// A high-contrast binary scene: black and white blocks of `block` pixels, the skull in white.
func binaryScene(width: Int = 320, height: Int = 48, block: Int = 4, skullAt x: Int?, _ y: Int, skullHeight: Int, seed: UInt64) -> RGBImage {
    var generator = SeededGenerator(seed: seed)
    let columns = (width + block - 1) / block, rows = (height + block - 1) / block
    let cells = (0..<(columns * rows)).map { _ in Bool.random(using: &generator) }
    var pixels = [UInt8](repeating: 0, count: width * height * 3)
    for row in 0..<height {
        for column in 0..<width where cells[(row / block) * columns + column / block] {
            let index = (row * width + column) * 3
            pixels[index] = 255
            pixels[index + 1] = 255
            pixels[index + 2] = 255
        }
    }
    if let x { stamp(&pixels, width: width, skullAt: x, y, skullHeight: skullHeight) }
    return RGBImage(width: width, height: height, pixels: pixels)
}

/// The glyph in white, with a one-pixel dark outline where the glyph ends (as a text shadow).
private func stamp(_ pixels: inout [UInt8], width: Int, skullAt x: Int, _ y: Int, skullHeight: Int) {
    let glyph = SkullFinder.glyph.resized(width: Int((Double(skullHeight) * SkullFinder.aspect).rounded()), height: skullHeight)
    for row in 0..<glyph.height {
        for column in 0..<glyph.width where glyph[column, row] > 90 {
            let index = ((y + row) * width + x + column) * 3
            pixels[index] = 255
            pixels[index + 1] = 255
            pixels[index + 2] = 255
        }
    }
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

@Suite struct IconFinderTests {
    let finder = IconFinder(template: .skull)

    @Test(arguments: [(40, 10, 24), (200, 6, 30), (150, 14, 20)])
    func findsTheGlyphWhereItIs(x: Int, y: Int, height: Int) throws {
        let picture = scene(skullAt: x, y, skullHeight: height)
        let result = finder.find(in: picture, heights: IconFinder.heights(from: 18, to: 32))
        let found = try #require(result)
        #expect(abs(found.x - x) <= 1 && abs(found.y - y) <= 1)
        #expect(abs(found.height - height) <= 2)
        #expect(found.score > 0.7)
    }

    @Test func noIconInNoise() {
        var generator = SeededGenerator(seed: 9)
        let noise = RGBImage(width: 320, height: 48, pixels: (0..<(320 * 48 * 3)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let result = finder.find(in: noise, heights: IconFinder.heights(from: 18, to: 32))
        #expect(result == nil)
    }

    @Test func neighboursShowTheStillIconOverAMovingBinaryScene() throws {
        // White skull over black and white blocks: the frame alone hides it, the minimum of two
        // frames (the blocks moved, the HUD did not) shows it.
        let heights = IconFinder.heights(around: 24)
        let frame = binaryScene(block: 6, skullAt: 100, 12, skullHeight: 24, seed: 1)
        let before = binaryScene(block: 6, skullAt: 100, 12, skullHeight: 24, seed: 2)
        let after = binaryScene(block: 6, skullAt: 100, 12, skullHeight: 24, seed: 3)
        let alone = finder.find(in: frame, heights: heights)
        #expect(alone == nil, "the frame alone hides it")

        let result = finder.find(in: frame, heights: heights, neighbours: [before, after])
        let found = try #require(result)
        #expect(abs(found.x - 100) <= 1 && abs(found.y - 12) <= 1)
        // A frame without the icon stays without, whatever its neighbours show.
        let empty = binaryScene(block: 6, skullAt: nil, 12, skullHeight: 24, seed: 4)
        let none = finder.find(in: empty, heights: heights, neighbours: [before, after])
        #expect(none == nil)
    }

    @Test func anIconCutFromAFrameIsFoundOverAnotherScene() throws {
        // The template: a cut of one frame around the skull, its scene included.
        let cutFrom = scene(skullAt: 60, 12, skullHeight: 24, seed: 5)
        let cut = cutFrom.cropped(x: 57, y: 9, width: 28, height: 30)
        let template = try IconTemplate(image: cut)
        #expect(template.colour.r > 200 && template.colour.g > 200, "the icon's colour is the skull's white")
        let custom = IconFinder(template: template)
        let picture = scene(skullAt: 210, 8, skullHeight: 24, seed: 6)
        let result = custom.find(in: picture, heights: IconFinder.heights(around: Double(template.ink.height)))
        let found = try #require(result)
        // The place reported is the template's, as cut: 3 pixels above and left of the skull.
        #expect(abs(found.x - 207) <= 2 && abs(found.y - 5) <= 2)
        #expect(abs(found.width - 28) <= 2 && abs(found.height - 30) <= 2)
    }

    @Test func aFlatTemplateIsRefused() {
        let flat = RGBImage(width: 10, height: 10, pixels: [UInt8](repeating: 99, count: 300))
        #expect(throws: ImageError.self) { try IconTemplate(image: flat) }
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
        guard case .success(let cuts) = DigitCutter.spec.cut(picture, icon: skull) else {
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
        guard case .success(let cuts) = DigitCutter.spec.cut(picture, icon: skull) else {
            Issue.record("no cut")
            return
        }
        #expect(cuts.count == 2)
    }

    @Test func redDigitsBesideWhiteSpecks() {
        var picture = image()
        paint(&picture, [(48, 11, 11, 19)], color: (255, 64, 64))
        paint(&picture, [(50, 31, 4, 4)])  // a white speck below: not part of the count
        guard case .success(let cuts) = DigitCutter.spec.cut(picture, icon: skull) else {
            Issue.record("no cut")
            return
        }
        #expect(cuts.count == 1 && cuts[0].x == 48)
    }

    @Test func nothingWhereNoDigitsAre() {
        var picture = image()
        paint(&picture, [(120, 11, 11, 19)])  // too far right of the skull
        let cut = try? DigitCutter.spec.cut(picture, icon: skull).get()
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
