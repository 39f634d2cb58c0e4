import Foundation
import ReelOCR
import ReelTestSupport
import ReelVision
import Testing

/// Text that differs from a scene of one saturated colour and black only in hue is read in the
/// hue view.
@Suite struct HueTextTests {
    /// Green PLACED #11 OF 20 over green-and-black cells at 360 s, and the frames either side
    /// (Tests/Fixtures/hue-text/README.md).
    func frames() throws -> [RGBImage] {
        try [356, 360, 364].map { try ImageFile.readRGB(path: Repository.fixture("hue-text/placed-\($0).png")) }
    }

    @Test func textOfAnotherHueOverCellsOfOneColourIsRead() throws {
        let frames = try frames()
        // The br profile's end screen text height (0.04 to 0.05 of 720 rows).
        let reading = hudReader().read(frames[1], neighbours: { [frames[0], frames[2]] }, textHeights: 28.8...36)
        #expect(reading.text?.filter { $0 != " " } == "PLACED#11OF20", "\(reading)")
    }

    @Test func theHueViewIsMadeOnlyOverAColouredSceneOnBlack() throws {
        let green = TextViews(try frames()[1], polarity: .light, detectionHeight: LineFinder.detectionHeight)
        #expect(green.views.contains(.hue))
        #expect(!green.views.contains(.background), "no one colour fills half of it")
        // Black-and-white Life: the colour view already is the part off grey.
        let grey = TextViews(try ImageFile.readRGB(path: Repository.fixture("smeared-text/select-12.png")), polarity: .light,
                             detectionHeight: LineFinder.detectionHeight)
        #expect(!grey.views.contains(.hue))
    }

    @Test func theHueViewShowsTheLettersAndNotTheCells() throws {
        let frame = try frames()[1]
        let views = TextViews(frame, polarity: .light, detectionHeight: LineFinder.detectionHeight)
        let hue = views.full(.hue, x: 0, y: 0, width: frame.width, height: frame.height)
        // The share of bright pixels (128 up) on the letters' row (y 26 to 52, x 40 to 380)
        // and over the cells right of the text.
        func bright(_ xs: Range<Int>, _ ys: Range<Int>) -> Double {
            var count = 0
            for y in ys { for x in xs where hue[x, y] >= 128 { count += 1 } }
            return Double(count) / Double(xs.count * ys.count)
        }
        let letters = bright(40..<380, 26..<52), cells = bright(450..<700, 0..<108)
        #expect(letters > 0.3 && letters > 4 * cells, "letters \(letters), cells \(cells)")
    }
}
