import Foundation
import ReelTestSupport
import Testing

/// reel's own clips (clip-cut's) in a bin, and review decisions that follow their clip by id:
/// clip-cut on a synthetic stream, clip-bin, clip-review's page in headless Chromium.
@Suite(.serialized) struct ClipReviewTests {
    /// Clips of the football stream cut by clip-cut, one per window (start, end), in `folder/cuts`.
    static func cuts(_ windows: [(Double, Double)], in folder: TemporaryDirectory) throws -> [String] {
        let stream = try SyntheticStreams.make("football", duration: 180, seed: 1)
        let events = windows.map { #"{"type":"event","kind":"goal","t":\#($0.1 - 2),"clip":{"start":\#($0.0),"end":\#($0.1)}}"# }
        let result = try Tools.run("clip-cut", ["--source", stream.video, "--out", folder.file("cuts")],
                                   input: events.joined(separator: "\n") + "\n")
        let lines = result.output.split(separator: "\n").map(String.init).filter { $0.contains(#""type":"clip""#) }
        guard lines.count == windows.count else { throw TestSetupError("clip-cut: \(result.errors)") }
        return lines
    }

    static func add(_ lines: [String], to bin: String) throws -> ProcessResult {
        try Tools.run("clip-bin", ["add", bin], input: lines.joined(separator: "\n") + "\n")
    }

    @Test func clipsOfClipCutGoInABinAndEveryRefusalIsSaid() throws {
        let folder = try TemporaryDirectory()
        let lines = try Self.cuts([(20, 26), (50, 58)], in: folder)
        let bin = folder.file("bin")
        let added = try Self.add(lines, to: bin)
        #expect(added.status == 0, "\(added.errors)")
        let records = try jsonLines(added.output)
        #expect(records.map { $0["bin_status"] as? String } == ["added", "added"])
        #expect(records.allSatisfy { $0["status"] as? String == "downloaded" && ($0["id"] as? String ?? "").hasPrefix("cut-") })
        #expect(added.errors.contains("2 added"))
        let cuts = try lines.map { try jsonLines($0)[0] }
        for (record, cut) in zip(records, cuts) {
            let path = try #require(record["path"] as? String)
            #expect(path.hasPrefix(bin + "/clips/"), "copied into the bin")
            #expect(FileManager.default.contents(atPath: path) == FileManager.default.contents(atPath: cut["path"] as? String ?? ""))
            #expect(record["imported_from"] as? String == cut["path"] as? String)
            #expect(record["event"] != nil && record["source"] as? String == cut["source"] as? String, "every field kept")
        }
        // Again: the same ids (made from source, start and end), known.
        let again = try Self.add(lines, to: bin)
        #expect(try jsonLines(again.output).map { $0["bin_status"] as? String } == ["known", "known"])
        #expect(try jsonLines(again.output).map { $0["id"] as? String } == records.map { $0["id"] as? String })

        // The same moment cut again a little later: a duplicate, said.
        var twin = cuts[0]
        twin["start"] = (twin["start"] as? Double ?? 0) + 0.5
        let twinLine = String(decoding: try JSONSerialization.data(withJSONObject: twin), as: UTF8.self)
        let duplicate = try Self.add([twinLine], to: bin)
        #expect(duplicate.status == 0)
        #expect(try jsonLines(duplicate.output).first?["duplicate_of"] as? String == records[0]["id"] as? String)
        #expect(duplicate.errors.contains("the same moment as clip \(records[0]["id"] as? String ?? ""), already in the bin: not added"),
                "\(duplicate.errors)")

        // Refused, each with its reason on stderr and the record passed on unchanged.
        let bare = #"{"type":"clip","title":"no id, no path"}"#
        let noID = try Self.add([bare], to: bin)
        #expect(noID.status == 65)
        #expect(noID.errors.contains("clip-bin: stdin:1: it has neither an id (a Twitch clip) nor a path (a clip of clip-cut): not added"),
                "\(noID.errors)")
        #expect(noID.output == bare + "\n")
        let numeric = try Self.add([#"{"type":"clip","id":5}"#], to: bin)
        #expect(numeric.status == 65 && numeric.errors.contains("its id is 5, not a non-empty string"), "\(numeric.errors)")
        let gone = try Self.add([#"{"type":"clip","path":"\#(folder.file("gone.mp4"))","source":"x","start":1,"end":2}"#], to: bin)
        #expect(gone.status == 66)
        #expect(gone.errors.contains("cannot read its file \(folder.file("gone.mp4")): No such file or directory; not added"), "\(gone.errors)")
        let folderClip = try Self.add([#"{"type":"clip","path":"\#(folder.path)","source":"y","start":1,"end":2}"#], to: bin)
        #expect(folderClip.status == 66 && folderClip.errors.contains("is not a regular file"), "\(folderClip.errors)")
        let status = try Tools.run("clip-bin", ["status", bin])
        #expect(try jsonLines(status.output).map { $0["id"] as? String } == records.map { $0["id"] as? String })
    }

    @Test func decisionsFollowTheirClipByIDWhenClipsGoAndCome() throws {
        let folder = try TemporaryDirectory()
        let lines = try Self.cuts([(20, 24), (50, 54), (80, 84), (110, 114)], in: folder)
        let bin = folder.file("bin")
        let ids = try jsonLines(try Self.add(Array(lines.prefix(3)), to: bin).output).map { $0["id"] as? String ?? "" }
        let page = folder.file("review.html")
        let profile = try TemporaryDirectory()
        #expect(try Tools.run("clip-review", [bin, page]).status == 0)
        // A kept and trimmed, B skipped, C left.
        let first = try ClipBinTests.reviewInChromium(page: page, site: folder, profile: profile, script: """
            setValue("trim-start", "1.5");
            press("k");
            press("s");
            click("export");
            """)
        let decided = try jsonLines(first.text)
        try #require(decided.count == 3, "\(first.dom.suffix(1500))")
        #expect(decided.map { $0["keep"] as? Bool } == [true, false, false])
        #expect(decided.map { $0["reviewed"] as? Bool } == [nil, nil, false])

        // B's file goes (check marks it missing) and D comes: C and D are still to review.
        let bPath = try #require(try jsonLines(try Tools.run("clip-bin", ["status", bin]).output)[1]["path"] as? String)
        try FileManager.default.removeItem(atPath: bPath)
        #expect(try Tools.run("clip-bin", ["check", bin]).status == 0)
        let dID = try jsonLines(try Self.add([lines[3]], to: bin).output)[0]["id"] as? String
        #expect(try Tools.run("clip-review", [bin, page]).status == 0)
        let second = try ClipBinTests.reviewInChromium(page: page, site: folder, profile: profile, script: #"click("export");"#)
        let after = try jsonLines(second.text)
        #expect(after.map { $0["id"] as? String } == [ids[0], ids[2], dID])
        #expect(after.map { $0["keep"] as? Bool } == [true, false, false])
        #expect(after.map { $0["reviewed"] as? Bool } == [nil, false, false], "C and D not reviewed: \(second.text)")
        #expect(after.first?["trim_start"] as? Double == 1.5)

        // B comes back (copied again from its cut): its own decision with it.
        let restored = try Tools.run("clip-bin", ["download", bin])
        #expect(restored.status == 0, "\(restored.errors)")
        #expect(try jsonLines(restored.output).map { $0["id"] as? String } == [ids[1]])
        #expect(try Tools.run("clip-review", [bin, page]).status == 0)
        let third = try ClipBinTests.reviewInChromium(page: page, site: folder, profile: profile, script: #"click("export");"#)
        let back = try jsonLines(third.text)
        #expect(back.map { $0["id"] as? String } == [ids[0], ids[1], ids[2], dID])
        #expect(back.map { $0["keep"] as? Bool } == [true, false, false, false])
        #expect(back.map { $0["reviewed"] as? Bool } == [nil, nil, false, false])
    }
}
