import Foundation
import ReelTestSupport
import ReelVision
import Testing

/// `digit-classify label` end to end: frames of a synthetic stream made into the page, labelled
/// in headless Chromium with keys and drags as a person would, and its exports checked against
/// the stream's screen records and the crop files.
@Suite(.serialized) struct LabelPageTests {
    static let hud = "hud=0.5,0,0.5,0.1"

    /// 90 s with a lobby, then a match with kills 0 to 10 (the skull moves at 10), white and red
    /// digits and the HUD hidden for 4 s.
    static func stream() throws -> SyntheticStream {
        try SyntheticStreams.make("br", duration: 90, seed: 8, options: ["--kill-rate", "6"])
    }

    /// What a person sees in the HUD at `t`: the count, or nil where none shows.
    static func shown(at t: Double, in stream: SyntheticStream) -> Int? {
        let state = stream.screen("hud").first { ($0["start"]?.doubleValue ?? 0) <= t && t < ($0["end"]?.doubleValue ?? 0) }
        guard let state, state["hidden"]?.boolValue != true else { return nil }
        return state["kills"]?.intValue
    }

    /// Each frame record's `t` as written (labels repeat it exactly).
    static func literalTimes(_ ndjson: String) -> [String] {
        ndjson.split(separator: "\n").compactMap { line in
            guard line.contains(#""type":"frame""#), let start = line.range(of: #""t":"#) else { return nil }
            return String(line[start.upperBound...].prefix { $0 != "," && $0 != "}" })
        }
    }

    @Test func labelsAStreamWithTheKeyboardAndExportsLabelsIconAndCounter() throws {
        let stream = try Self.stream()
        let folder = try TemporaryDirectory("reel-label")
        let sample = try Tools.run("frame-sample", [stream.video, "--mode", "exact", "--every", "1", "--rgb", "--crop", Self.hud,
                                                    "--out", folder.file("f")])
        try #require(sample.status == 0, "\(sample.errors)")
        let frames = try jsonLines(sample.output).filter { $0["type"] as? String == "frame" }
        let times = Self.literalTimes(sample.output)
        try #require(frames.count == 90 && times.count == 90)
        try sample.output.write(toFile: folder.file("frames.ndjson"), atomically: true, encoding: .utf8)
        let page = folder.file("label.html")
        // Aimed at 2 MB: most crops as JPEG, some exact (PNG), so icon.png comes from the nearest exact frame.
        let made = try Tools.run("digit-classify", ["label", folder.file("frames.ndjson"), "-o", page, "--max-size", "2"])
        #expect(made.status == 0, "\(made.errors)")
        #expect(made.errors.contains("90 frame(s) to label in \(page)") && made.errors.contains("exact (PNG), the others JPEG"),
                "\(made.errors)")
        print("label page of 90 frames (640x72 crops): \(try FileManager.default.attributesOfItem(atPath: page)[.size] ?? 0) bytes")

        // The truth: the value shown at each frame, and the labels a person would write.
        let values = frames.map { Self.shown(at: $0["t"] as? Double ?? -1, in: stream) }
        let source = try #require(frames[0]["source"] as? String)
        var expected = "", previous: Int?? = .none
        for (index, value) in values.enumerated() where previous == nil || previous! != value {
            expected += #"{"type":"label","t":\#(times[index]),"value":\#(value.map(String.init) ?? "null"),"source":"\#(source)"}"# + "\n"
            previous = .some(value)
        }
        try #require(values.contains(nil) && Set(values.compactMap { $0 }).count >= 3,
                     "the stream shows several counts and hides the HUD: \(values)")

        // The icon and digits boxes, from the screen record of the first frame the HUD shows.
        let iconFrame = try #require(values.firstIndex { $0 != nil })
        let crop = try #require((frames[iconFrame]["crops"] as? [String: Any])?["hud"] as? [String: Any])
        let cropBox = try #require(crop["box"] as? [Int])
        let t = frames[iconFrame]["t"] as? Double ?? -1
        let state = try #require(stream.screen("hud").first { ($0["start"]?.doubleValue ?? 0) <= t && t < ($0["end"]?.doubleValue ?? 0) })
        func box(_ name: String) throws -> [Int] {
            let numbers = state[name]?.arrayValue?.compactMap { $0.doubleValue } ?? []
            let frameBox = try #require(numbers.count == 4 ? numbers : nil, "\(name) box in \(state)")
            return [Int(frameBox[0].rounded(.down)) - cropBox[0], Int(frameBox[1].rounded(.down)) - cropBox[1],
                    Int(frameBox[2].rounded(.up)), Int(frameBox[3].rounded(.up))]
        }
        let iconBox = try box("skull"), digitsBox = try box("digits")

        let valuesJSON = "[" + values.map { $0.map(String.init) ?? "null" }.joined(separator: ",") + "]"
        let profile = try TemporaryDirectory("reel-label-browser")
        let result = try Self.drive(page: page, profile: profile, cropWidth: cropBox[2], script: """
            const values = \(valuesJSON);
            const want = (i) => values[i] === null ? "none" : String(values[i]);
            let hides = 0;
            const typeValue = (value) => { if (value === null) press(hides++ % 2 ? "n" : "x"); else { for (const c of String(value)) press(c); press("Enter"); } };
            press("?"); press("Escape");                               // a look at the keys
            press("End"); press("Home");
            for (let i = 0; i < \(iconFrame); i++) press("ArrowRight");  // to the first frame with the HUD
            // On, to one shown as JPEG: icon.png then comes from the nearest frame with exact pixels.
            while (!document.getElementById("info").textContent.includes("shown as JPEG")) press("ArrowRight");
            note("boxes drawn on " + current());
            press("i"); drag(\(iconBox));                              // a box around the icon
            press("d"); drag(\(digitsBox));                            // and one around the digits
            press("i");
            press("Home");
            // A slip: a label typed wrong, corrected with Backspace, then removed again with Delete.
            press("4"); press("2"); press("Backspace"); press("Enter");
            note("slip " + document.querySelector("#strip .cell.current .value").textContent);
            press("Delete");
            // Jump from change to change; where the frame shows another value than the page says, type it.
            const stops = [];
            for (let guard = 0; guard < 1000; guard++) {
              const i = current();
              stops.push(i);
              if (shown() !== want(i)) typeValue(values[i]);
              if (i === values.length - 1) break;
              press("ArrowRight", { shiftKey: true });
            }
            note("stops " + JSON.stringify(stops));
            note("changes " + JSON.stringify(labelPage.changes().map((c, i) => c ? i : -1).filter((i) => i >= 0)));
            // PageUp and PageDown jump too, Shift+ArrowLeft back.
            press("PageUp"); const up = current(); press("PageDown"); const down = current();
            press("ArrowLeft", { shiftKey: true }); const back = current();
            note(`page ${up} ${down} ${back}`);
            const wrong = values.map((v, i) => [i, v]).filter(([i]) => cellValue(i) !== want(i)).map(([i]) => i);
            note("wrong " + JSON.stringify(wrong));
            press("e");
            click("export");
            cell(\(iconFrame)).click();                               // back to the boxes, for the screenshot
            """)
        #expect(result.log.contains("slip 4"), "\(result.log)")
        let changeLine = result.log.split(separator: "\n").first { $0.hasPrefix("changes ") } ?? ""
        let stopsLine = result.log.split(separator: "\n").first { $0.hasPrefix("stops ") } ?? ""
        let changeIndices = values.indices.dropFirst().filter { values[$0] != values[$0 - 1] }
        print("frames where the value changes: \(changeIndices); \(stopsLine); \(changeLine)")
        #expect(result.log.contains("wrong []"), "\(result.log)")
        #expect(result.labels == expected, "\(result.log)")

        // counter.json: the template, the frames' height as cropped (720 x 72/72), the digits' box in icon heights.
        let counterObject = try JSONSerialization.jsonObject(with: Data(result.counter.utf8)) as? [String: Any]
        let counter = try #require(counterObject?["counter"] as? [String: Any], "\(result.counter)")
        #expect(counter["region"] as? String == "hud")
        #expect(counter["template"] as? String == "icon.png")
        #expect(counter["template_height"] as? Int == 720)
        let digits = try #require(counter["digits"] as? [String: Double])
        let h = Double(iconBox[3])
        let round3 = { (value: Double) in (value * 1000).rounded() / 1000 }
        // The drawn box, a quarter of the digits' height more above and below, widened to three digits.
        let dh = Double(digitsBox[3])
        #expect(digits["x"] == round3((Double(digitsBox[0]) - 0.1 * dh - Double(iconBox[0] + iconBox[2])) / h))
        #expect(digits["y"] == round3((Double(digitsBox[1]) - 0.25 * dh - Double(iconBox[1])) / h))
        #expect(digits["w"] == round3(max(Double(digitsBox[2]) + 0.2 * dh, 2.4 * dh) / h))
        #expect(digits["h"] == round3(1.5 * dh / h))

        // icon.png: the box's size, and exactly the pixels in the box of the crop file of the frame it says.
        let cutFrom = try #require(result.iconNote.split(separator: " ").firstIndex(of: "frame").map { result.iconNote.split(separator: " ")[$0 + 1] }
            .flatMap { Int($0) }, "\(result.iconNote)")
        print("icon.png: \(result.iconNote)")
        let drawnOn = try #require(result.log.split(separator: "\n").first { $0.hasPrefix("boxes drawn on ") }
            .flatMap { Int($0.split(separator: " ").last ?? "") }, "\(result.log)")
        #expect(drawnOn < 85, "the skull stays where it is until 87 s")
        #expect(cutFrom - 1 != drawnOn && abs(cutFrom - 1 - drawnOn) <= 8, "\(result.iconNote)")
        #expect(result.iconNote.contains("the nearest with exact pixels"))
        let cutPath = try #require(((frames[cutFrom - 1]["crops"] as? [String: Any])?["hud"] as? [String: Any])?["path"] as? String)
        let prefix = "data:image/png;base64,"
        try #require(result.icon.hasPrefix(prefix), "\(result.icon.prefix(100))")
        let png = try #require(Data(base64Encoded: String(result.icon.dropFirst(prefix.count))))
        let icon = try PNG.decode([UInt8](png), source: "icon.png")
        #expect(icon.rgb.width == iconBox[2] && icon.rgb.height == iconBox[3])
        #expect(icon.alpha.map { $0.pixels.allSatisfy { $0 == 255 } } ?? true)
        let cropImage = try ImageFile.readRGB(path: cutPath)
        #expect(icon.rgb == cropImage.cropped(x: iconBox[0], y: iconBox[1], width: iconBox[2], height: iconBox[3]))

        // A reload keeps the work.
        let again = try Self.drive(page: page, profile: profile, cropWidth: cropBox[2], script: "")
        #expect(again.labels == expected)

        // A screenshot of the labelled page (the strip with its spans, the boxes).
        let screenshot = folder.file("label-page.png")
        try Self.screenshot(page: page, profile: profile, to: screenshot)
        print("screenshot of the label page: \(screenshot)")
        try? FileManager.default.removeItem(atPath: "/tmp/label-page.png")
        try? FileManager.default.copyItem(atPath: screenshot, toPath: "/tmp/label-page.png")
        let shot = try PNG.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: screenshot))), source: screenshot)
        #expect(shot.rgb.width == 1400)
    }

    @Test func aPageOf500FramesOfA400x60CropStaysAFewMegabytes() throws {
        let stream = try Self.stream()
        let folder = try TemporaryDirectory("reel-label")
        // 400x60 of the 1280x720 frame's HUD, every 0.18 s: 500 frames.
        let sample = try Tools.run("frame-sample", [stream.video, "--mode", "exact", "--every", "0.18", "--rgb",
                                                    "--crop", "hud=0.6875,0,0.3125,0.08333334",
                                                    "--out", folder.file("f")])
        try #require(sample.status == 0, "\(sample.errors)")
        let frames = try jsonLines(sample.output).filter { $0["type"] as? String == "frame" }
        #expect(frames.count == 500)
        #expect(((frames.first?["crops"] as? [String: Any])?["hud"] as? [String: Any])?["size"] as? [Int] == [400, 60])
        let made = try Tools.run("digit-classify", ["label", "-o", "-"], input: sample.output)
        #expect(made.status == 0, "\(made.errors)")
        let bytes = made.stdout.count
        print("label page of \(frames.count) frames of a 400x60 crop: \(bytes) bytes (\(made.errors.trimmingCharacters(in: .whitespacesAndNewlines)))")
        #expect(bytes < 8_000_000)
        #expect(made.output.hasPrefix("<!DOCTYPE html>") && made.output.hasSuffix("</html>\n"))
    }

    @Test func badInputIsReportedWithWhereAndWhat() throws {
        let folder = try TemporaryDirectory("reel-label")
        let image = RGBImage(width: 40, height: 12, pixels: (0..<(40 * 12 * 3)).map { UInt8($0 % 251) })
        try Data(PNM.encode(image)).write(to: URL(fileURLWithPath: folder.file("good.ppm")))
        try Data("P6\n40 12\n255\nshort".utf8).write(to: URL(fileURLWithPath: folder.file("bad.ppm")))
        func frame(_ t: String, _ path: String, crop: String = "hud") -> String {
            #"{"type":"frame","t":\#(t),"source":"s.ts","w":1280,"h":720,"crops":{"\#(crop)":{"box":[640,0,640,72],"path":"\#(path)","size":[40,12]}}}"#
        }
        let page = folder.file("label.html")
        func label(_ input: String, _ arguments: [String] = []) throws -> ProcessResult {
            try Tools.run("digit-classify", ["label", "-o", page] + arguments, input: input)
        }

        let empty = try label(#"{"type":"event","kind":"kill","t":3.0}"# + "\n")
        #expect(empty.status == 66)
        #expect(empty.errors.contains("digit-classify label: stdin: no frame records"), "\(empty.errors)")
        #expect(!FileManager.default.fileExists(atPath: page))

        let otherCrop = try label(frame("1.0", folder.file("good.ppm"), crop: "select") + "\n")
        #expect(otherCrop.status == 65)
        #expect(otherCrop.errors.contains("digit-classify label: stdin: 1 of 1 frame(s) have no crop hud (their crops: select; see --roi)"),
                "\(otherCrop.errors)")
        #expect(otherCrop.errors.contains("digit-classify label: stdin: no frame to label: no page written"))
        #expect(!FileManager.default.fileExists(atPath: page))
        let named = try label(frame("1.0", folder.file("good.ppm"), crop: "select") + "\n", ["--roi", "select"])
        #expect(named.status == 0, "\(named.errors)")
        #expect(FileManager.default.fileExists(atPath: page))
        try FileManager.default.removeItem(atPath: page)

        // Unreadable images and a malformed line are reported; the page holds the frames that can be shown.
        let mixed = try label([frame("1.0", folder.file("good.ppm")), frame("2.0", folder.file("missing.ppm")),
                               "{not json", frame("3.0", folder.file("bad.ppm"))].joined(separator: "\n") + "\n")
        #expect(mixed.status == 65)
        #expect(mixed.errors.contains("digit-classify label: \(folder.file("missing.ppm")): no such file"), "\(mixed.errors)")
        #expect(mixed.errors.contains("digit-classify label: stdin:3: not valid JSON"), "\(mixed.errors)")
        #expect(mixed.errors.contains("digit-classify label: \(folder.file("bad.ppm")): "), "\(mixed.errors)")
        #expect(mixed.errors.contains("1 frame(s) to label in \(page), 0.0 MB: 1 distinct crop(s), all exact (PNG)"), "\(mixed.errors)")
        #expect(try String(contentsOfFile: page, encoding: .utf8).contains(#""t":"1.0""#))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".part") }.isEmpty)

        let missingFile = try Tools.run("digit-classify", ["label", folder.file("nope.ndjson"), "-o", page])
        #expect(missingFile.status == 66)
        #expect(missingFile.errors == "digit-classify label: \(folder.file("nope.ndjson")): No such file or directory\n", "\(missingFile.errors)")

        let unwritable = try Tools.run("digit-classify", ["label", "-o", folder.file("no/such/folder/label.html")],
                                       input: frame("1.0", folder.file("good.ppm")) + "\n")
        #expect(unwritable.status == 74)
        #expect(unwritable.errors.contains("cannot create"), "\(unwritable.errors)")

        let usage = try Tools.run("digit-classify", ["label", "-o", page, "--max-width", "5"], input: "")
        #expect(usage.status == 64)
    }

    // MARK: helpers

    /// Loads `page` in headless Chromium (browser data in `profile`, kept between calls) with
    /// `script` run once the page is ready (helpers: press, click, drag, current, shown, cell,
    /// cellValue, note); returns labels.ndjson, counter.json, icon.png's data URI and the note
    /// on where it was cut as the page shows them, and the script's log.
    static func drive(page: String, profile: TemporaryDirectory, cropWidth: Int, script: String) throws
        -> (labels: String, counter: String, icon: String, iconNote: String, log: String)
    {
        let html = try String(contentsOfFile: page, encoding: .utf8)
        let driver = """
            <pre id="test-log"></pre>
            <script>
            const note = (text) => { document.getElementById("test-log").textContent += text + "\\n"; };
            const press = (key, options) => document.dispatchEvent(new KeyboardEvent("keydown", Object.assign({ key, bubbles: true }, options || {})));
            const click = (id) => document.getElementById(id).click();
            const cells = () => [...document.querySelectorAll("#strip .cell")];
            const cell = (i) => cells()[i];
            const current = () => cells().findIndex((c) => c.classList.contains("current"));
            const cellValue = (i) => cell(i).querySelector(".value").textContent;
            const shown = () => cellValue(current());
            // A drag on the frame from the box's first pixel to its last, at the page's scale.
            const drag = ([x, y, w, h]) => {
              const view = document.getElementById("view"), rect = view.getBoundingClientRect(), scale = rect.width / \(cropWidth);
              const at = (px, py) => ({ clientX: rect.left + (px + 0.5) * scale, clientY: rect.top + (py + 0.5) * scale, bubbles: true, button: 0 });
              view.dispatchEvent(new MouseEvent("mousedown", at(x, y)));
              window.dispatchEvent(new MouseEvent("mousemove", at(x + w / 2, y + h / 2)));
              window.dispatchEvent(new MouseEvent("mouseup", at(x + w - 1, y + h - 1)));
            };
            labelPage.ready.then(() => {
              try {
                \(script)
              } catch (error) { note("error " + error + " " + error.stack); }
              note("done");
            });
            </script>
            </body>
            """
        let driven = (page as NSString).deletingLastPathComponent + "/label-driven.html"
        try html.replacingOccurrences(of: "</body>", with: driver).write(toFile: driven, atomically: true, encoding: .utf8)
        let chromium = try Subprocess.run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)",
                                                       "--window-size=1400,900", "--virtual-time-budget=20000", "--dump-dom",
                                                       URL(fileURLWithPath: driven).absoluteString], timeout: 180)
        guard chromium.status == 0 else { throw TestSetupError("chromium: \(chromium.errors.suffix(1000))") }
        let dom = chromium.output
        func element(_ id: String) -> String {
            guard let start = dom.range(of: "<pre id=\"\(id)\">"),
                  let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else { return "" }
            return String(dom[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
        var icon = ""
        if let tag = dom.range(of: "<img id=\"icon-image\""), let close = dom.range(of: ">", range: tag.upperBound..<dom.endIndex),
           let source = dom.range(of: "src=\"", range: tag.upperBound..<close.lowerBound),
           let end = dom.range(of: "\"", range: source.upperBound..<dom.endIndex) {
            icon = String(dom[source.upperBound..<end.lowerBound])
        }
        var iconNote = ""
        if let start = dom.range(of: "<span id=\"icon-size\" class=\"muted\">"), let end = dom.range(of: "</span>", range: start.upperBound..<dom.endIndex) {
            iconNote = String(dom[start.upperBound..<end.lowerBound])
        }
        let log = element("test-log")
        guard log.contains("done") else { throw TestSetupError("the page did not get ready: \(log)\n\(chromium.errors.suffix(2000))") }
        return (element("labels-text"), element("counter-text"), icon, iconNote, log)
    }

    /// A screenshot of `page` as the browser data in `profile` left it.
    static func screenshot(page: String, profile: TemporaryDirectory, to path: String) throws {
        let chromium = try Subprocess.run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)",
                                                       "--window-size=1400,900", "--virtual-time-budget=20000", "--hide-scrollbars",
                                                       "--screenshot=\(path)", URL(fileURLWithPath: page).absoluteString], timeout: 180)
        guard chromium.status == 0, FileManager.default.fileExists(atPath: path) else {
            throw TestSetupError("chromium --screenshot: \(chromium.errors.suffix(1000))")
        }
    }
}
