import Foundation
import ReelTestSupport
import ReelVision
import Testing

/// scripts/reel-report end to end: the page of a football-goals run on a synthetic stream,
/// loaded in headless Chromium (the timeline's marks measured where they are drawn, the
/// thumbnails decoded, the clips' metadata played) and against its truth; the thumbnails
/// compared with the stream's frames; the contact sheet; hostile records and outputs.
@Suite(.serialized) struct ReportTests {
    static var bin: String { URL(fileURLWithPath: Repository.tool("event-detect")).deletingLastPathComponent().path }

    static func report(_ arguments: [String], input: String? = nil, directory: String? = nil) throws -> ProcessResult {
        try Subprocess.run(Repository.script("reel-report"), arguments, input: input.map { Data($0.utf8) },
                           environment: ["REEL_BIN": bin], directory: directory, timeout: 300)
    }

    /// A number of a JSON object (Int or Double alike).
    static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    /// The time a log line's `row` names ("TR 28.5": the row linked to, and its time).
    static func rowTime(_ value: Any?) -> Double? {
        guard let text = value as? String, text.hasPrefix("TR ") else { return nil }
        return Double(text.dropFirst(3))
    }

    static func stream() throws -> SyntheticStream {
        try SyntheticStreams.make("football", duration: 180, seed: 1)
    }

    // MARK: the page of a run

    @Test func aFootballRunsPageShowsItsGoalsThumbnailsClipsAndTruth() throws {
        let stream = try Self.stream()
        let out = try TemporaryDirectory("reel-report")
        let run = try Subprocess.run(Repository.script("football-goals"), [stream.video, out.path], environment: ["REEL_BIN": Self.bin])
        try #require(run.status == 0, "\(run.errors)")
        // football-goals writes its page beside its other outputs.
        #expect(run.errors.contains("football-goals: report: \(out.path)/report.html"), "\(run.errors)")
        let own = try String(contentsOfFile: out.file("report.html"), encoding: .utf8)
        #expect(own.components(separatedBy: "class=\"mark goal\"").count == 3)
        #expect(own.components(separatedBy: "<video ").count == 3)

        let events = try jsonLines(try String(contentsOfFile: out.file("events.ndjson"), encoding: .utf8))
        let clips = try jsonLines(try String(contentsOfFile: out.file("clips.ndjson"), encoding: .utf8))
        let goals = events.filter { $0["kind"] as? String == "goal" }
        try #require(goals.count == stream.truth("goal").count && clips.count == goals.count, "\(events)")

        // The page again, with the truth, in a folder of its own: the clips are one folder up.
        try FileManager.default.createDirectory(atPath: out.file("pages"), withIntermediateDirectories: true)
        let page = out.file("pages/report.html")
        let truth = stream.directory.appendingPathComponent("truth.ndjson").path
        let made = try Self.report(["-o", page, "--truth", truth, out.file("records.ndjson")])
        #expect(made.status == 0, "\(made.errors)")
        #expect(made.errors.contains("\(events.count) event(s), \(events.count) thumbnail(s), \(clips.count) clip(s), "
                                     + "\(goals.count) of \(goals.count) expected found right in \(page)"), "\(made.errors)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        #expect(!html.contains("http://") && !html.contains("https://"), "nothing from the network")

        // In the browser: where each mark is drawn, what each image decodes to, each clip's metadata.
        let log = try Self.measure(page: page)
        let length = try #require(Double(Self.attribute("data-length", in: html) ?? ""))
        #expect(abs(length - stream.duration) < 0.5, "the stream's length: \(length)")
        let marks = log.filter { ($0["mark"] as? String)?.contains("goal") == true }
        try #require(marks.count == goals.count, "\(log)")
        for (mark, goal) in zip(marks, goals) {
            let t = try #require(Self.number(goal["t"]))
            #expect(Self.number(mark["t"]) == t)
            let fraction = ((Self.number(mark["center"]) ?? -1) - (Self.number(mark["axisLeft"]) ?? 0)) / (Self.number(mark["axisWidth"]) ?? 1)
            #expect(abs(fraction - t / length) < 0.003, "goal at \(t) s drawn at \(fraction) of the axis")
            let score = try #require(goal["score"] as? [Int])
            #expect(mark["label"] as? String == "\(score[0])-\(score[1])")
            #expect(Self.rowTime(mark["row"]) == t, "the mark links to its row: \(mark)")
        }
        let images = log.filter { $0["thumb"] != nil }
        #expect(images.count == events.count, "one thumbnail per event: \(images)")
        #expect(images.allSatisfy { Self.number($0["w"]) == 320 && Self.number($0["h"]) == 180 }, "\(images)")
        let players = log.filter { $0["video"] != nil }
        try #require(players.count == clips.count, "\(log)")
        for (player, clip) in zip(players, clips) {
            let path = try #require(clip["path"] as? String)
            #expect(player["video"] as? String == "../" + (path as NSString).lastPathComponent)
            #expect(abs((Self.number(player["duration"]) ?? 0) - (Self.number(clip["duration"]) ?? -9)) < 0.3, "\(player)")
            #expect(Self.number(player["w"]) == Double(stream.width), "the browser played its metadata: \(player)")
            #expect(Self.number(player["mediaError"]) == 0, "\(player)")
        }
        let verdicts = log.filter { $0["verdict"] != nil }
        #expect(verdicts.count == stream.truth("goal").count && verdicts.allSatisfy { $0["verdict"] as? String == "ok" }, "\(verdicts)")

        // The thumbnails, decoded apart from the browser: JPEGs of 320x180, each the stream's frame
        // at its event's time (nearer it than the frames half a second before and after).
        let rows = Self.rows(html)
        #expect(rows.count == events.count)
        let work = try TemporaryDirectory("reel-report-frames")
        for (index, row) in rows.enumerated() {
            let jpeg = try #require(row.image, "row \(row.id) has a thumbnail")
            let file = work.file("thumb\(index).jpg")
            try jpeg.write(to: URL(fileURLWithPath: file))
            #expect(try Self.size(of: file) == [320, 180])
            let thumbnail = try Self.gray(["-i", file])
            let frame = Int((row.t * Double(stream.fps)).rounded())
            let differences = try [frame - 15, frame, frame + 15].map { index in
                Self.difference(thumbnail, try Self.gray(["-i", stream.video, "-vf", "select=eq(n\\,\(index)),scale=320:-2", "-frames:v", "1"]))
            }
            print("thumbnail of \(row.id) at \(row.t) s against frames \(frame - 15), \(frame), \(frame + 15): \(differences)")
            #expect(differences[1] < 2.5 && differences[1] < differences[0] && differences[1] < differences[2], "\(row.id): \(differences)")
        }

        // A screenshot: a page of that size, with something on it.
        let shots = Repository.cache.appendingPathComponent("report")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let screenshot = shots.appendingPathComponent("football-report.png").path
        try? FileManager.default.removeItem(atPath: screenshot)
        try Self.screenshot(page: page, to: screenshot)
        print("screenshot of the report: \(screenshot)")
        let shot = try PNG.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: screenshot))), source: screenshot)
        #expect(shot.rgb.width == 1280 && shot.rgb.height == 2000)
        var histogram = [Int](repeating: 0, count: 256)
        for index in stride(from: 0, to: shot.rgb.pixels.count, by: 3) {
            let pixel = shot.rgb.pixels
            histogram[(Int(pixel[index]) * 299 + Int(pixel[index + 1]) * 587 + Int(pixel[index + 2]) * 114) / 1000] += 1
        }
        let pixels = shot.rgb.width * shot.rgb.height
        #expect(histogram.filter { $0 > 0 }.count > 64, "many shades (thumbnails, text)")
        #expect(histogram.max() ?? 0 < pixels * 95 / 100, "not one colour")

        // --no-report: no page.
        let quiet = try TemporaryDirectory("reel-report")
        let without = try Subprocess.run(Repository.script("football-goals"), ["--no-report", stream.video, quiet.path],
                                         environment: ["REEL_BIN": Self.bin])
        #expect(without.status == 0, "\(without.errors)")
        #expect(!FileManager.default.fileExists(atPath: quiet.file("report.html")))
        #expect(FileManager.default.fileExists(atPath: quiet.file("clips.ndjson")))
    }

    @Test func theThumbnailsOfAnHLSRunComeFromItsSegments() throws {
        let stream = try Self.stream()
        let work = try TemporaryDirectory("reel-report")
        try FileManager.default.createDirectory(atPath: work.file("seg"), withIntermediateDirectories: true)
        let segments = try Media.segments(of: stream.video, seconds: 2, in: work.file("seg"))
        let records = try segments.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        // Events at the truth's goals, and one mid-segment.
        let events = stream.truth("goal").map { #"{"type":"event","kind":"goal","t":\#($0["t"]?.doubleValue ?? 0),"team":"away","score":[0,1]}"# }
            + [#"{"type":"event","kind":"kill","t":77.3,"value":1}"#]
        let fromSegments = try Self.report(["-o", work.file("segments.html")], input: (records + events).joined(separator: "\n") + "\n")
        #expect(fromSegments.status == 0, "\(fromSegments.errors)")
        let fromFile = try Self.report(["-o", work.file("file.html"), "--source", stream.video], input: events.joined(separator: "\n") + "\n")
        #expect(fromFile.status == 0, "\(fromFile.errors)")
        let a = Self.rows(try String(contentsOfFile: work.file("segments.html"), encoding: .utf8))
        let b = Self.rows(try String(contentsOfFile: work.file("file.html"), encoding: .utf8))
        try #require(a.count == events.count && b.count == events.count)
        #expect(try String(contentsOfFile: work.file("segments.html"), encoding: .utf8).contains("\(segments.count) segments from"))
        for (x, y) in zip(a, b) {
            let one = work.file("a.jpg"), other = work.file("b.jpg")
            try #require(x.image).write(to: URL(fileURLWithPath: one))
            try #require(y.image).write(to: URL(fileURLWithPath: other))
            let difference = Self.difference(try Self.gray(["-i", one]), try Self.gray(["-i", other]))
            #expect(difference < 1.5, "\(x.id) at \(x.t) s: the segment's frame and the file's differ by \(difference)")
        }
    }

    @Test func aMatchIsABarFromItsStartToItsEndAndItsKillsAreMarks() throws {
        let work = try TemporaryDirectory("reel-report")
        let records = [
            #"{"type":"frame","t":600.0,"source":"none"}"#,  // the stream's length, and a source that is not there
            #"{"type":"event","kind":"kill","t":130.5,"value":1}"#,
            #"{"type":"event","kind":"kill","t":131.0,"value":2}"#,
            #"{"type":"event","kind":"match","start":100.0,"end":400.0,"kills":2,"placement":3,"died":true}"#,
            #"{"type":"event","kind":"match","start":520.0,"kills":0,"partial":true}"#,
        ]
        let page = work.file("report.html")
        let result = try Self.report(["-o", page], input: records.joined(separator: "\n") + "\n")
        #expect(result.status == 66 && result.errors.contains("reel-report: none: no such file"), "\(result.errors)")
        let log = try Self.measure(page: page)
        let matches = log.filter { ($0["mark"] as? String)?.contains("match") == true }
        try #require(matches.count == 2, "\(log)")
        for (match, (start, end)) in zip(matches, [(100.0, 400.0), (520.0, 600.0)]) {
            let left = Self.number(match["axisLeft"]) ?? 0, width = Self.number(match["axisWidth"]) ?? 1
            #expect(abs(((Self.number(match["left"]) ?? 0) - left) / width - start / 600) < 0.003, "\(match)")
            #expect(abs(((Self.number(match["right"]) ?? 0) - left) / width - end / 600) < 0.003, "\(match)")
        }
        #expect(matches[0]["label"] as? String == "2 kills, #3")
        #expect((matches[1]["mark"] as? String)?.contains("partial") == true)
        let kills = log.filter { ($0["mark"] as? String)?.contains("kill") == true }
        #expect(kills.map { $0["label"] as? String } == ["1", "2"])
        #expect(kills.map { Self.rowTime($0["row"]) } == [130.5, 131.0])
        // Two kills half a second apart: their labels do not overlap.
        let boxes = kills.map { mark in ["labelLeft", "labelRight", "labelTop", "labelBottom"].map { Self.number(mark[$0]) ?? 0 } }
        #expect(boxes.count == 2 && (boxes[0][1] <= boxes[1][0] || boxes[1][1] <= boxes[0][0] || boxes[0][3] <= boxes[1][2] || boxes[1][3] <= boxes[0][2]),
                "\(boxes)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<td class=\"time\">0:01:40&ndash;0:06:40</td>"))
        #expect(html.contains("<td class=\"time\">0:02:10</td>"))
    }

    // MARK: the contact sheet

    @Test func theContactSheetIsAGridOfTheThumbnailsLabelledWithTheirTimes() throws {
        let stream = try Self.stream()
        let work = try TemporaryDirectory("reel-report")
        let times = [12.0, 28.5, 64.0, 107.4, 150.0]
        let events = times.map { #"{"type":"event","kind":"goal","t":\#($0),"team":"home","score":[1,0]}"# }.joined(separator: "\n") + "\n"
        let sheet = work.file("sheet.png")
        let result = try Self.report(["-o", work.file("report.html"), "--source", stream.video, "--contact-sheet", sheet, "--columns", "3"],
                                     input: events)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors.contains("contact sheet \(sheet) (3x2 tiles)"), "\(result.errors)")
        let image = try PNG.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: sheet))), source: sheet).rgb
        // 3 columns and 2 rows of 320x180, 4 pixels between and around them.
        #expect(image.width == 8 + 3 * 320 + 2 * 4 && image.height == 8 + 2 * 180 + 4, "\(image.width)x\(image.height)")
        func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(image.pixels[(3 * (y * image.width + x))..<(3 * (y * image.width + x) + 3)]) }
        for tile in 0..<6 {
            let x0 = 4 + (tile % 3) * 324, y0 = 4 + (tile / 3) * 184
            var shades = Set<[UInt8]>(), white = 0
            for y in stride(from: y0, to: y0 + 180, by: 2) {
                for x in stride(from: x0, to: x0 + 320, by: 2) { shades.insert(pixel(x, y)) }
            }
            // The label: white text on a dark box at the tile's bottom left.
            for y in (y0 + 150)..<(y0 + 176) {
                for x in (x0 + 6)..<(x0 + 120) where pixel(x, y).allSatisfy({ $0 > 225 }) { white += 1 }
            }
            if tile < times.count {
                #expect(shades.count > 100 && white > 40, "tile \(tile): \(shades.count) shades, \(white) white label pixels")
            } else {
                #expect(shades.count == 1, "the empty cell is the background: \(shades.count) shades")
            }
        }
        #expect(pixel(1, 1) == pixel(image.width - 2, image.height - 2) && pixel(1, 1) == [0x1d, 0x23, 0x2b], "the margin")

        // A clip alone: frames every 2 s of it.
        let cut = try Tools.run("clip-cut", ["--source", stream.video, "--accurate", "--out", work.file("clips"), "--quiet"],
                                input: #"{"type":"event","kind":"goal","t":30,"clip":{"start":24,"end":30}}"# + "\n")
        try #require(cut.status == 0, "\(cut.errors)")
        let clips = cut.lines.filter { $0.contains(#""type":"clip""#) }.joined(separator: "\n") + "\n"
        let clipSheet = work.file("clip-sheet.png")
        let fromClip = try Self.report(["-o", work.file("clip.html"), "--contact-sheet", clipSheet, "--every", "2"], input: clips)
        #expect(fromClip.status == 0, "\(fromClip.errors)")
        #expect(fromClip.errors.contains("(3x1 tiles)"), "6 s, a frame every 2 s: \(fromClip.errors)")
        let clipImage = try PNG.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: clipSheet))), source: clipSheet).rgb
        #expect(clipImage.width == 8 + 3 * 320 + 2 * 4 && clipImage.height == 8 + 180)
    }

    // MARK: hostile records and outputs

    @Test func aSourceThatIsAURLOrMissingIsRefusedAndTheRestIsReported() throws {
        let work = try TemporaryDirectory("reel-report")
        let page = work.file("report.html")
        let goal = #"{"type":"event","kind":"goal","t":3.5,"team":"home","score":[1,0]}"#
        for source in ["http://127.0.0.1:9/vod.ts", "concat:/etc/hostname|/etc/hostname"] {
            let result = try Self.report(["-o", page], input: goal + "\n" + #"{"type":"clip","path":"clip.mp4","source":"\#(source)","start":0,"end":5}"# + "\n")
            #expect(result.status == 65, "\(result.errors)")
            #expect(result.errors.contains("reel-report: \(source): not a local file"), "\(result.errors)")
            let html = try String(contentsOfFile: page, encoding: .utf8)
            #expect(html.contains("<tr id=\"event-1\"") && !html.contains("class=\"thumb\""))
            #expect(result.errors.contains("reel-report: clip.mp4: no such file"))
        }
        let missing = try Self.report(["-o", page], input: goal + "\n" + #"{"type":"frame","t":9,"source":"/nonexistent/vod.ts"}"# + "\n")
        #expect(missing.status == 66)
        #expect(missing.errors.contains("reel-report: /nonexistent/vod.ts: no such file"), "\(missing.errors)")
        try FileManager.default.removeItem(atPath: page)
        let url = try Self.report(["-o", page, "--source", "https://host/vod.m3u8"], input: goal + "\n")
        #expect(url.status == 64 && url.errors == "reel-report: https://host/vod.m3u8: not a local file\n", "\(url.errors)")
        #expect(!FileManager.default.fileExists(atPath: page))
        // A clip whose path is a URL gets no player: the page loads nothing from the network.
        let remote = try Self.report(["-o", page], input: #"{"type":"clip","path":"https://evil.example/x.mp4","start":0,"end":5}"# + "\n")
        #expect(remote.status == 65 && remote.errors.contains("reel-report: https://evil.example/x.mp4: not a local file"), "\(remote.errors)")
        #expect(!(try String(contentsOfFile: page, encoding: .utf8)).contains("<video"))
        // Strings from records are text, never markup.
        let markup = try Self.report(["-o", page], input: #"{"type":"event","kind":"goal","t":1,"team":"<script>alert(1)</script>","score":[1,0]}"# + "\n")
        #expect(markup.status == 0)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script"))
    }

    @Test func aSymbolicLinkPlantedAtTheOutputIsRefusedAndItsTargetKept() throws {
        let stream = try Self.stream()
        let work = try TemporaryDirectory("reel-report")
        try "keep me\n".write(toFile: work.file("target.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: work.file("report.html"), withDestinationPath: work.file("target.txt"))
        let goal = #"{"type":"event","kind":"goal","t":3.5,"team":"home","score":[1,0]}"# + "\n"
        let result = try Self.report(["-o", work.file("report.html"), "--source", stream.video], input: goal)
        #expect(result.status == 74)
        #expect(result.errors == "reel-report: \(work.file("report.html")): is a symbolic link: not written through nor replaced\n", "\(result.errors)")
        #expect(try String(contentsOfFile: work.file("target.txt"), encoding: .utf8) == "keep me\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: work.file("report.html")) == work.file("target.txt"))
        // The contact sheet's path too, before anything is written.
        try FileManager.default.createSymbolicLink(atPath: work.file("sheet.png"), withDestinationPath: work.file("target.txt"))
        let sheet = try Self.report(["-o", work.file("page.html"), "--source", stream.video, "--contact-sheet", work.file("sheet.png")], input: goal)
        #expect(sheet.status == 74 && sheet.errors.contains("sheet.png: is a symbolic link"), "\(sheet.errors)")
        #expect(try String(contentsOfFile: work.file("target.txt"), encoding: .utf8) == "keep me\n")
        #expect(!FileManager.default.fileExists(atPath: work.file("page.html")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).filter { $0.contains(".part") }.isEmpty)
    }

    @Test func malformedLinesAreReportedWithFileAndLineAndTheRestIsStillReported() throws {
        let stream = try Self.stream()
        let work = try TemporaryDirectory("reel-report")
        var bytes = Data()
        for line in [#"{"type":"event","kind":"goal","t":28.5,"team":"away","score":[0,1]}"#, "{not json", "[1,2]"] {
            bytes += Data((line + "\n").utf8)
        }
        bytes += Data([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a])  // {"\xff\xfe"}
        for line in [#"{"type":"event","kind":"goal","t":1e400,"team":"home","score":[1,1]}"#, #"{"type":"event","kind":"kill","value":3}"#,
                     "", #"{"type":"event","kind":"goal","t":107.4,"team":"away","score":[0,2]}"#] {
            bytes += Data((line + "\n").utf8)
        }
        let records = work.file("records.ndjson")
        try bytes.write(to: URL(fileURLWithPath: records))
        let page = work.file("report.html")
        let result = try Self.report(["-o", page, "--source", stream.video, records])
        #expect(result.status == 65)
        for message in ["\(records):2: not valid JSON", "\(records):3: not a JSON object", "\(records):4: not UTF-8",
                        "\(records):5: t 1e400 is out of range (-1e9 to 1e9 s)", "\(records):6: kill event without a time (t)"] {
            #expect(result.errors.contains("reel-report: " + message + "\n"), "\(message) in \(result.errors)")
        }
        #expect(result.errors.contains("2 event(s), 2 thumbnail(s)"), "\(result.errors)")
        let rows = Self.rows(try String(contentsOfFile: page, encoding: .utf8))
        #expect(rows.map { $0.t } == [28.5, 107.4] && rows.allSatisfy { $0.image != nil })
        // --strict stops at the first.
        let strict = try Self.report(["-o", work.file("strict.html"), "--strict", records])
        #expect(strict.status == 65 && strict.errors == "reel-report: \(records):2: not valid JSON\n", "\(strict.errors)")
        #expect(!FileManager.default.fileExists(atPath: work.file("strict.html")))
        // A records file that is not there: nothing written.
        let missing = try Self.report(["-o", work.file("missing.html"), work.file("nope.ndjson")])
        #expect(missing.status == 66 && missing.errors == "reel-report: \(work.file("nope.ndjson")): No such file or directory\n")
        #expect(!FileManager.default.fileExists(atPath: work.file("missing.html")))
        // Bad usage.
        #expect(try Self.report(["--bogus"]).status == 64)
        #expect(try Self.report(["--columns", "0", records]).status == 64)
    }

    @Test func itStopsQuietlyWhenTheReaderOfStdoutGoesAway() throws {
        let script = Repository.script("reel-report")
        let result = try Subprocess.run("bash", ["-c", """
            seq 1 20000 | awk '{ printf "{\\"type\\":\\"event\\",\\"kind\\":\\"kill\\",\\"t\\":%d,\\"value\\":%d}\\n", $1, $1 }' \
              | '\(script)' -o - --quiet | head -c 100 > /dev/null
            echo "${PIPESTATUS[1]}"
            """])
        #expect(result.output == "0\n" && result.errors.isEmpty, "\(result.output) \(result.errors)")
    }

    // MARK: helpers

    /// The value of the first `name="..."` in `html`.
    static func attribute(_ name: String, in html: String) -> String? {
        guard let start = html.range(of: name + "=\"") else { return nil }
        return String(html[start.upperBound...].prefix { $0 != "\"" })
    }

    /// The event rows of a page: id, time, and the thumbnail's bytes (decoded from its data URI).
    static func rows(_ html: String) -> [(id: String, t: Double, image: Data?)] {
        let pattern = try! NSRegularExpression(pattern: #"<tr id="(event-\d+)"[^>]*data-t="([^"]+)">(.*?)</tr>"#,
                                               options: [.dotMatchesLineSeparators])
        let text = html as NSString
        return pattern.matches(in: html, range: NSRange(location: 0, length: text.length)).map { match in
            let body = text.substring(with: match.range(at: 3))
            var image: Data?
            if let start = body.range(of: "src=\"data:image/jpeg;base64,") {
                image = Data(base64Encoded: String(body[start.upperBound...].prefix { $0 != "\"" }))
            }
            return (text.substring(with: match.range(at: 1)), Double(text.substring(with: match.range(at: 2))) ?? .nan, image)
        }
    }

    /// [width, height] of an image or video file (ffprobe).
    static func size(of path: String) throws -> [Int] {
        let result = try Subprocess.run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height",
                                                    "-of", "csv=p=0", path])
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").compactMap { Int($0) }
    }

    /// One frame as 8-bit gray pixels (ffmpeg, input options in `arguments`).
    static func gray(_ arguments: [String]) throws -> [UInt8] {
        let result = try Subprocess.run("ffmpeg", ["-v", "error"] + arguments + ["-frames:v", "1", "-pix_fmt", "gray", "-f", "rawvideo", "pipe:1"])
        guard result.status == 0, !result.stdout.isEmpty else { throw TestSetupError("ffmpeg \(arguments): \(result.errors)") }
        return [UInt8](result.stdout)
    }

    /// The mean absolute difference of two gray images of one size (infinite for different sizes).
    static func difference(_ a: [UInt8], _ b: [UInt8]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return .infinity }
        var sum = 0
        for index in a.indices { sum += abs(Int(a[index]) - Int(b[index])) }
        return Double(sum) / Double(a.count)
    }

    /// Loads `page` in headless Chromium with a script that measures what is drawn: each timeline
    /// mark (its shape's box and label's box against the axis, and the row it links to), each
    /// thumbnail as decoded, each video's metadata once loaded, each evaluation row. The copy it
    /// loads sits beside the page (the clips' links resolve the same) and lets its own inline
    /// script run; the page itself allows none.
    static func measure(page: String) throws -> [[String: Any]] {
        let html = try String(contentsOfFile: page, encoding: .utf8)
        let driver = """
            <pre id="test-log"></pre>
            <script>
            (async () => {
              const log = (o) => { document.getElementById("test-log").textContent += JSON.stringify(o) + "\\n"; };
              try {
                const axis = document.getElementById("axis")?.getBoundingClientRect();
                for (const mark of document.querySelectorAll("#timeline .mark")) {
                  const shape = mark.querySelector("circle") || mark.querySelector("rect") || mark.querySelector("line");
                  const box = shape.getBoundingClientRect(), text = mark.querySelector("text"), label = text.getBoundingClientRect();
                  const row = document.getElementById(mark.getAttribute("href").slice(1));
                  log({ mark: mark.getAttribute("class"), t: Number(mark.dataset.t), left: box.left, right: box.right,
                        center: box.left + box.width / 2, axisLeft: axis.left, axisWidth: axis.width, label: text.textContent,
                        labelLeft: label.left, labelRight: label.right, labelTop: label.top, labelBottom: label.bottom,
                        row: row ? row.tagName + " " + Number(row.dataset.t) : null });
                }
                for (const image of document.querySelectorAll("img.thumb")) {
                  await image.decode().catch(() => {});
                  log({ thumb: image.closest("tr").id, w: image.naturalWidth, h: image.naturalHeight });
                }
                const videos = [...document.querySelectorAll("video")];
                await Promise.all(videos.map((video) => video.readyState >= 1 ? null : new Promise((done) => {
                  video.addEventListener("loadedmetadata", done); video.addEventListener("error", done); video.load();
                })));
                for (const video of videos) {
                  log({ video: video.getAttribute("src"), duration: video.duration, w: video.videoWidth, mediaError: video.error ? video.error.code : 0 });
                }
                for (const row of document.querySelectorAll("#evaluation tbody tr")) {
                  log({ verdict: row.querySelector(".verdict").textContent, expected: row.cells[0].textContent });
                }
              } catch (error) { log({ error: String(error) + " " + error.stack }); }
              log({ done: true });
            })();
            </script>
            </body>
            """
        let driven = (page as NSString).deletingLastPathComponent + "/report-driven.html"
        try html.replacingOccurrences(of: "default-src 'none';", with: "default-src 'none'; script-src 'unsafe-inline';")
            .replacingOccurrences(of: "</body>", with: driver).write(toFile: driven, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: driven) }
        let profile = try TemporaryDirectory("reel-report-browser")
        let chromium = try Subprocess.run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)",
                                                       "--window-size=1280,2000", "--virtual-time-budget=30000", "--dump-dom",
                                                       "--autoplay-policy=no-user-gesture-required",
                                                       URL(fileURLWithPath: driven).absoluteString], timeout: 180)
        guard chromium.status == 0 else { throw TestSetupError("chromium: \(chromium.errors.suffix(1000))") }
        let dom = chromium.output
        guard let start = dom.range(of: "<pre id=\"test-log\">"), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else {
            throw TestSetupError("no test log in the DOM: \(dom.suffix(2000))")
        }
        let text = String(dom[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        let log = try jsonLines(text)
        guard log.last?["done"] as? Bool == true, !log.contains(where: { $0["error"] != nil }) else {
            throw TestSetupError("the measuring script did not finish: \(text)\n\(chromium.errors.suffix(2000))")
        }
        return log
    }

    /// A screenshot of `page` at 1280x2000.
    static func screenshot(page: String, to path: String) throws {
        let profile = try TemporaryDirectory("reel-report-browser")
        let chromium = try Subprocess.run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)",
                                                       "--window-size=1280,2000", "--virtual-time-budget=10000", "--hide-scrollbars",
                                                       "--screenshot=\(path)", URL(fileURLWithPath: page).absoluteString], timeout: 180)
        guard chromium.status == 0, FileManager.default.fileExists(atPath: path) else {
            throw TestSetupError("chromium --screenshot: \(chromium.errors.suffix(1000))")
        }
    }
}
