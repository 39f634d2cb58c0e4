import Foundation
import ReelCore
import ReelTestSupport
import ReelVision
import Testing

@Suite struct PNMTests {
    @Test func grayImagesRoundTrip() throws {
        let folder = try TemporaryDirectory()
        var image = GrayImage(width: 3, height: 2)
        image[0, 0] = 10
        image[2, 1] = 250
        let path = folder.file("a.pgm")
        try Data(PNM.encode(image)).write(to: URL(fileURLWithPath: path))
        #expect(try ImageFile.readGray(path: path) == image)
        #expect(Array(PNM.encode(image).prefix(11)) == Array("P5\n3 2\n255\n".utf8))
    }

    @Test func colourImagesRoundTripAndTurnGray() throws {
        let folder = try TemporaryDirectory()
        let image = RGBImage(width: 2, height: 1, pixels: [255, 0, 0, 255, 255, 255])
        let path = folder.file("a.ppm")
        try Data(PNM.encode(image)).write(to: URL(fileURLWithPath: path))
        #expect(try ImageFile.readRGB(path: path) == image)
        // BT.601 luma: pure red is 76, white 255.
        #expect(try ImageFile.readGray(path: path).pixels == [76, 255])
    }

    @Test func headersMayHoldComments() throws {
        let bytes = Array("P5\n# made by hand\n2 1 # size\n255\n".utf8) + [7, 9]
        let decoded = try PNM.decode(bytes, source: "inline")
        #expect(decoded.width == 2 && decoded.samples == [7, 9])
    }

    @Test(arguments: [
        ("P2\n1 1\n255\n0", "not a binary PGM or PPM image"),
        ("P5\n2 2\n255\n\u{1}", "truncated image: 1 of 4 bytes"),
        ("P5\n1 1\n65535\n\u{1}\u{1}", "only 8-bit images are read (maxval 65535)"),
        ("P5\n99999999 1\n255\n", "image size 99999999x1 out of range"),
        ("P5\nx 1\n255\n", "bad P5 header"),
    ])
    func badImagesSayWhy(text: String, reason: String) {
        let error = #expect(throws: ImageError.self) { try PNM.decode(Array(text.utf8), source: "f.pgm") }
        #expect(error?.description == "f.pgm: " + reason)
    }

    @Test func aMissingImageIsMissingInput() {
        let error = #expect(throws: ImageError.self) { try ImageFile.readGray(path: "/nonexistent.pgm") }
        #expect(error?.failure == .missingInput)
    }
}
