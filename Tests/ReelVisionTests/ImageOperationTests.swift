import ReelVision
import Testing

@Suite struct ImageOperationTests {
    /// A gray image from rows of digits: '0'...'9' map to 0, 28, ..., 252; '#' is 255.
    func image(_ rows: [String]) -> GrayImage {
        let pixels = rows.flatMap { row in row.map { $0 == "#" ? UInt8(255) : UInt8(($0.wholeNumberValue ?? 0) * 28) } }
        return GrayImage(width: rows[0].count, height: rows.count, pixels: pixels)
    }

    @Test func cropsPadsAndInverts() {
        let picture = image(["0123", "4567", "89#0"])
        #expect(picture.cropped(x: 1, y: 1, width: 2, height: 5) == image(["56", "9#"]))
        #expect(picture.cropped(x: -3, y: 0, width: 4, height: 1) == image(["0"]))
        let padded = image(["#"]).padded(by: 1, value: 0)
        #expect(padded.width == 3 && padded.pixels == [0, 0, 0, 0, 255, 0, 0, 0, 0])
        #expect(image(["0#"]).inverted().pixels == [255, 0])
    }

    @Test func shrinkingAveragesAreas() {
        let picture = GrayImage(width: 4, height: 2, pixels: [0, 100, 200, 200, 100, 0, 40, 40])
        #expect(picture.resized(width: 2, height: 1).pixels == [50, 120])
        // A third of a pixel at a time: 3 to 2 columns.
        let three = GrayImage(width: 3, height: 1, pixels: [0, 90, 180])
        #expect(three.resized(width: 2, height: 1).pixels == [30, 150])
    }

    @Test func growingInterpolates() {
        let picture = GrayImage(width: 2, height: 1, pixels: [0, 200])
        #expect(picture.resized(width: 4, height: 1).pixels == [0, 50, 150, 200])
        #expect(picture.resized(width: 2, height: 2).pixels == [0, 200, 0, 200])
    }

    @Test func otsuSplitsTwoPopulations() {
        var pixels = [UInt8](repeating: 40, count: 60) + [UInt8](repeating: 200, count: 40)
        pixels[0] = 30
        pixels[99] = 210
        let picture = GrayImage(width: 10, height: 10, pixels: pixels)
        let threshold = picture.otsuThreshold()
        #expect(threshold > 40 && threshold <= 200)
        #expect(picture.thresholded(at: threshold).pixels.filter { $0 == 0 }.count == 40)
        #expect(picture.thresholded(at: threshold, darkInk: true).pixels.filter { $0 == 0 }.count == 60)
        // Only the bright pixels: the split between 200 and 210.
        #expect(picture.otsuThreshold(over: 100...255) == 201)
    }

    @Test func percentilesCountPixels() {
        let picture = GrayImage(width: 10, height: 1, pixels: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90])
        #expect(picture.percentile(0.1) == 0)
        #expect(picture.percentile(0.5) == 40)
        #expect(picture.percentile(1) == 90)
    }

    @Test func connectedComponentsWithStatistics() {
        let picture = image([
            "##00#",
            "#000#",
            "00###",
            "00000",
            "#0000",
        ])
        let found = ConnectedComponents(picture) { $0 == 255 }
        #expect(found.components.count == 3)
        let first = found.components[0]
        #expect((first.x, first.y, first.width, first.height, first.area) == (0, 0, 2, 2, 3))
        // The right-hand shape joins its two arms through row 2 (a U merged late: union-find).
        let second = found.components[1]
        #expect((second.x, second.y, second.width, second.height, second.area) == (2, 0, 3, 3, 5))
        #expect(abs(second.centroidX - 3.4) < 1e-9 && abs(second.centroidY - 1.4) < 1e-9)
        #expect(found.components[2].area == 1)
        #expect(found.labels[4] == 2 && found.labels[12] == 2 && found.labels[20] == 3)
    }

    @Test func diagonalNeighboursConnect() {
        let found = ConnectedComponents(image(["#0", "0#"])) { $0 == 255 }
        #expect(found.components.count == 1)
        let anti = ConnectedComponents(image(["0#", "#0"])) { $0 == 255 }
        #expect(anti.components.count == 1)
    }
}
