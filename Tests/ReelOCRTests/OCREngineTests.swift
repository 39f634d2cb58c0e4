import Foundation
import ReelCore
import ReelOCR
import ReelTestSupport
import ReelVision
import Testing

@Suite struct OCREngineTests {
    /// Renders one line of text with ffmpeg's drawtext into a gray image.
    func render(_ text: String, font: String, ink: String, paper: String) throws -> GrayImage {
        let folder = try TemporaryDirectory()
        let path = folder.file("line.pgm")
        let result = try Subprocess.run("ffmpeg", [
            "-v", "error", "-f", "lavfi", "-i", "color=c=\(paper):s=640x80",
            "-vf", "drawtext=fontfile=\(font):fontsize=40:fontcolor=\(ink):x=20:y=20:text='\(text)'",
            "-frames:v", "1", "-pix_fmt", "gray", path,
        ])
        guard result.status == 0 else { throw TestSetupError(result.errors) }
        return try ImageFile.readGray(path: path)
    }

    @Test(arguments: [
        ("SELECT LEGEND", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
        ("PLACED #3 OF 20", "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"),
        ("HOM 1 - 0 AWY", "/usr/share/fonts/truetype/roboto/unhinted/RobotoCondensed-Bold.ttf"),
    ])
    func readsARenderedLine(text: String, font: String) throws {
        let engine = try OCREngine()
        let image = try render(text, font: font, ink: "black", paper: "white")
        let read = engine.recognize(image)
        #expect(read.text == text)
        #expect(read.confidence > 80)
    }

    @Test func oneEngineReadsManyImages() throws {
        let engine = try OCREngine()
        engine.setAllowedCharacters("ACDEGILNPRSTY ")
        let first = engine.recognize(try render("SPECTATING", font: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", ink: "black", paper: "white"))
        let second = engine.recognize(try render("REPLAY", font: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", ink: "black", paper: "white"))
        #expect(first.text == "SPECTATING")
        #expect(second.text == "REPLAY")
    }

    @Test func anEmptyImageReadsNothing() throws {
        let engine = try OCREngine()
        #expect(engine.recognize(GrayImage(width: 200, height: 40, value: 255)).text == "")
        #expect(engine.recognize(GrayImage(width: 0, height: 0)).text == "")
    }

    @Test func missingLanguageDataNamesThePackage() {
        let error = #expect(throws: OCRError.self) { try OCREngine(language: "zzz") }
        #expect(error?.failure == .unavailable)
        #expect(error?.description.contains("install tesseract-ocr-zzz") == true)
        let elsewhere = #expect(throws: OCRError.self) { try OCREngine(language: "eng", dataPath: "/nonexistent") }
        #expect(elsewhere?.description == "no Tesseract data for 'eng' in /nonexistent: install tesseract-ocr-eng")
    }
}
