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
            press("y");
            press("n");
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

    @Test func thePageTrimsWithKeysAndHandlesPlaysWithinTheTrimsAndReorders() throws {
        let folder = try TemporaryDirectory()
        let lines = try Self.cuts([(20, 24), (50, 54), (80, 84)], in: folder)
        let bin = folder.file("bin")
        let ids = try jsonLines(try Self.add(lines, to: bin).output).map { $0["id"] as? String ?? "" }
        let page = folder.file("review.html")
        #expect(try Tools.run("clip-review", [bin, page]).status == 0)
        let driven = try ClipBinTests.reviewInChromium(page: page, site: folder, script: """
            // Headless Chromium's virtual time does not run the media clock: the player's
            // position is set (currentTime reads it back at once) and events told as playing would.
            (async () => {
              reviewPage.seek(1); press("i");                   // in at 1 s
              reviewPage.seek(3); press("o");                   // out at 3 s
              note("trims " + document.getElementById("trim-start").value + " " + document.getElementById("trim-end").value);
              note("handles " + document.getElementById("in-handle").style.left + " " + document.getElementById("out-handle").style.left);
              video.muted = true;
              reviewPage.seek(0.2);
              const played = new Promise((resolve) => video.addEventListener("play", () => setTimeout(resolve, 0), { once: true }));
              press("k");                                       // play: from the in point
              await played;
              note("playing from " + (reviewPage.time() >= 1 ? "in" : "before in " + reviewPage.time()));
              reviewPage.seek(3.4);                             // past the out point, as playing would get
              video.dispatchEvent(new Event("timeupdate"));
              note("stopped " + (video.paused ? "paused" : "playing") + " at " + reviewPage.time().toFixed(1));
              reviewPage.seek(2); press(".");
              note("frame step " + (reviewPage.time() - 2).toFixed(3));
              press("y");                                        // clip 0 kept (1-3 s: 2 s)
              press("y");                                        // clip 1 kept (4 s)
              note("total " + reviewPage.total());
              press("ArrowUp");
              document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowUp", altKey: true, bubbles: true }));
              note("order after alt-up " + reviewPage.order().join(","));
              // Drag the last clip onto the first.
              const items = () => [...document.querySelectorAll("#list li")];
              const data = new DataTransfer();
              items()[2].dispatchEvent(new DragEvent("dragstart", { dataTransfer: data, bubbles: true }));
              items()[0].dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true }));
              note("order after drag " + reviewPage.order().join(","));
              press("?");
              note("help " + (document.getElementById("help").hidden ? "hidden" : "shown"));
              note("info " + document.getElementById("clip-info").textContent);
              note("thumbnails " + [...document.querySelectorAll("#list li img.thumb")].map((i) => i.getAttribute("src").split("/").pop()).join(","));
              click("export");
              note("finished");
            })();
            """)
        let log = driven.log
        #expect(log.contains("trims 1 1"), "\(log)")
        #expect(log.contains("handles 25% 75%"), "\(log)")
        #expect(log.contains("playing from in"), "\(log)")
        #expect(log.contains("stopped paused at 3.0"), "the out point: \(log)")
        #expect(log.contains("frame step 0.033"), "\(log)")
        #expect(log.contains("total 2 clips, 6 s"), "\(log)")
        #expect(log.contains("order after alt-up \(ids[1]),\(ids[0]),\(ids[2])"), "\(log)")
        #expect(log.contains("order after drag \(ids[2]),\(ids[1]),\(ids[0])"), "\(log)")
        #expect(log.contains("help shown") && log.contains("info 4 s"), "\(log)")
        // Poster frames of reel's own clips (no thumbnail_url): PNGs of the clip's first picture, 320 wide.
        #expect(log.contains("thumbnails " + [ids[2], ids[1], ids[0]].map { $0 + ".poster.png" }.joined(separator: ",")), "\(log)")
        for id in ids {
            let png = try #require(FileManager.default.contents(atPath: bin + "/clips/\(id).poster.png"))
            #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            #expect(png.count > 16 + 4 && png[16..<20] == Data([0, 0, 1, 64]), "320 pixels wide")
        }
        let exported = try jsonLines(driven.text)
        #expect(exported.map { $0["id"] as? String } == [ids[2], ids[1], ids[0]], "exported in the order")
        #expect(exported.last?["trim_start"] as? Double == 1 && exported.last?["trim_end"] as? Double == 1)
    }

    /// The driver both editors' browsers run on the server's pages: on /login#NAME:PASSWORD it
    /// signs in through the form; on the review page it does what `actions` says for the
    /// editor signed in (clip index, then keys and fields), waits until the server has every
    /// decision, and notes "done".
    static let driver = """
        (function () {
          const note = (text) => {
            let log = document.getElementById("test-log");
            if (!log) { log = document.createElement("pre"); log.id = "test-log"; document.body.append(log); }
            log.textContent += text + "\\n";
          };
          if (location.pathname === "/login") {
            const [user, password] = decodeURIComponent(location.hash.slice(1)).split(":");
            if (!user) { note("not signed in"); return; }
            document.getElementById("user").value = user;
            document.getElementById("password").value = password;
            document.getElementById("login").submit();
            return;
          }
          const actions = {
            alice: [[0, "y"], [1, "n"]],
            bob: [[2, "trim-start=1", "y"], [3, "volume=0.5", "y"], [3, "alt-up", "alt-up", "alt-up"]],
          };
          reviewPage.ready.then(async () => {
            const me = reviewPage.editor();
            note("editor " + me);
            for (const [index, ...steps] of actions[me] || []) {
              document.querySelector(`#list li[data-index="${index}"]`).click();
              for (const step of steps) {
                if (step === "alt-up") {
                  document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowUp", altKey: true, bubbles: true }));
                } else if (step.includes("=")) {
                  const [id, value] = step.split("=");
                  const input = document.getElementById(id);
                  input.value = value;
                  input.dispatchEvent(new Event("input", { bubbles: true }));
                } else {
                  document.dispatchEvent(new KeyboardEvent("keydown", { key: step, bubbles: true }));
                }
              }
            }
            await reviewPage.idle();
            note("done");
          }).catch((error) => note("error " + error));
        })();
        """

    /// The DOM of `url` in headless Chromium with its data in `profile`.
    static func served(_ url: String, profile: TemporaryDirectory) throws -> String {
        let chromium = try Subprocess.run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)",
                                                       "--virtual-time-budget=15000", "--dump-dom", url], timeout: 90)
        let dumped = chromium.output.contains("</html>")
        guard chromium.status == 0 || dumped else { throw TestSetupError("chromium: \(chromium.errors.suffix(1000))") }
        return chromium.output
    }

    @Test func twoEditorsReviewOneBinAtOnceThroughTheServer() throws {
        let folder = try TemporaryDirectory()
        let source = folder.file("numbered.ts")
        try Media.numbered(seconds: 60, to: source)
        let windows: [(Double, Double)] = [(5, 15), (20, 26), (12, 22), (40, 46)]
        let events = windows.map { #"{"type":"event","kind":"goal","t":\#($0.1 - 1),"clip":{"start":\#($0.0),"end":\#($0.1)}}"# }
        let cut = try Tools.run("clip-cut", ["--source", source, "--out", folder.file("cuts")], input: events.joined(separator: "\n") + "\n")
        let channels = ["alpha", "beta", "gamma", "delta"]
        let lines = try jsonLines(cut.output).filter { $0["type"] as? String == "clip" }.enumerated().map { index, clip in
            var clip = clip
            clip["channel"] = channels[index]
            clip["url"] = "https://clips.example/\(channels[index])"
            return String(decoding: try JSONSerialization.data(withJSONObject: clip), as: UTF8.self)
        }
        let bin = folder.file("bin")
        let added = try Self.add(lines, to: bin)
        try #require(added.status == 0, "\(added.errors)")
        let ids = try jsonLines(added.output).map { $0["id"] as? String ?? "" }
        for (name, password) in [("alice", "alice-secret-1"), ("bob", "bob-secret-22")] {
            let user = try Tools.run("clip-review", ["user", "add", bin, name], input: password + "\n")
            #expect(user.status == 0, "\(user.errors)")
        }
        let users = try String(contentsOfFile: bin + "/users.ndjson", encoding: .utf8)
        #expect(!users.contains("alice-secret-1") && users.contains("pbkdf2-sha256"))
        #expect((try FileManager.default.attributesOfItem(atPath: bin + "/users.ndjson")[.posixPermissions] as? Int) == 0o600)

        try Self.driver.write(toFile: folder.file("driver.js"), atomically: true, encoding: .utf8)
        let server = try InteractiveProcess(Repository.tool("clip-review"),
                                            ["serve", bin, "--port", "0", "--page-script", folder.file("driver.js"), "--quiet"])
        defer { server.kill() }
        let started = server.wait(timeout: 20) { $0.contains { $0.contains(#""type":"server""#) } }
        let url = try #require(try jsonLines(started.joined(separator: "\n")).first?["url"] as? String)
        #expect(url.hasPrefix("http://127.0.0.1:"))

        // Both at once, each in a browser of their own.
        final class Pages: @unchecked Sendable { var dom: [String: String] = [:]; let lock = NSLock() }
        let pages = Pages()
        let group = DispatchGroup()
        for (name, password) in [("alice", "alice-secret-1"), ("bob", "bob-secret-22")] {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                let profile = try? TemporaryDirectory()
                let dom = profile.flatMap { try? Self.served(url + "login#\(name):\(password)", profile: $0) } ?? ""
                pages.lock.withLock { pages.dom[name] = dom }
            }
        }
        group.wait()
        for name in ["alice", "bob"] {
            let dom = pages.dom[name] ?? ""
            #expect(dom.contains("editor \(name)") && dom.contains("done"), "\(name): \(dom.suffix(1500))")
        }
        // Their decisions, by clip id, with who and when.
        let decisions = try jsonLines(try String(contentsOfFile: bin + "/reviews.ndjson", encoding: .utf8))
        let last = { (id: String, field: String) -> Any? in decisions.last { $0["id"] as? String == id && $0[field] != nil }?[field] }
        #expect(last(ids[0], "keep") as? Bool == true && last(ids[1], "keep") as? Bool == false)
        #expect(last(ids[2], "keep") as? Bool == true && last(ids[2], "trim_start") as? Double == 1)
        #expect(last(ids[3], "keep") as? Bool == true && last(ids[3], "volume") as? Double == 0.5)
        let keeps = decisions.filter { $0["keep"] != nil }
        #expect(Set(keeps.filter { [ids[0], ids[1]].contains($0["id"] as? String ?? "") }.map { $0["by"] as? String }) == ["alice"])
        #expect(Set(keeps.filter { [ids[2], ids[3]].contains($0["id"] as? String ?? "") }.map { $0["by"] as? String }) == ["bob"])
        #expect(Set(decisions.filter { $0["position"] != nil }.map { $0["by"] as? String }) == ["bob"])
        #expect(decisions.allSatisfy { ($0["at"] as? String).flatMap(ISO8601DateFormatter.withFractions.date(from:)) != nil })
        #expect(last(ids[3], "position") as? Int == 0 && last(ids[0], "position") as? Int == 1, "bob's order")

        // Someone who is not signed in gets nothing; a wrong password, no session.
        let anonymous = try Subprocess.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", url + "api/state"])
        #expect(anonymous.output == "401")
        let wrong = try Subprocess.run("curl", ["-s", "-i", "-d", "user=alice&password=nope", url + "login"])
        #expect(wrong.output.hasPrefix("HTTP/1.1 401") && !wrong.output.lowercased().contains("set-cookie"))
        // Hostile requests of a signed-in editor: each refused, nothing recorded.
        let jar = folder.file("cookies")
        let signed = try Subprocess.run("curl", ["-s", "-i", "-c", jar, "-d", "user=bob&password=bob-secret-22", url + "login"])
        #expect(signed.output.contains("HttpOnly; SameSite=Strict; Secure"), "\(signed.output)")
        let before = try String(contentsOfFile: bin + "/reviews.ndjson", encoding: .utf8)
        func status(_ arguments: [String]) throws -> String {
            try Subprocess.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-b", jar] + arguments).output
        }
        let decision = url + "api/decision"
        #expect(try status(["-d", #"{"id":"\#(ids[0])","keep":false}"#, decision]) == "403", "no X-Reel-Review header")
        for body in [#"{"id":"\#(ids[0])","volume":1e400}"#, #"{"id":"\#(ids[0])","path":"/etc/passwd"}"#, "not json",
                     #"{"id":"\#(ids[0])","trim_start":-1}"#, String(repeating: "x", count: 20_000)] {
            #expect(try status(["-H", "X-Reel-Review: 1", "--data-binary", body, decision]) == "400", "\(body.prefix(60))")
        }
        #expect(try status(["-H", "X-Reel-Review: 1", "-d", #"{"id":"no-such-clip","keep":true}"#, decision]) == "404")
        #expect(try status(["--path-as-is", url + "clips/../bin.ndjson"]) == "404")
        #expect(try status([url + "clips/users.ndjson"]) == "404")
        #expect(try String(contentsOfFile: bin + "/reviews.ndjson", encoding: .utf8) == before)

        // The compilation: the kept clips in bob's order (the last first), the overlap with the
        // first trimmed away, each named, credits at the end.
        let export = try Tools.run("clip-review", ["export", bin])
        #expect(export.status == 0, "\(export.errors)")
        let out = folder.file("review.mp4")
        let compiled = try Tools.run("compile-clips", ["-o", out, "--name-overlay", "--credits-card", "--credits-seconds", "2"],
                                     input: export.output)
        #expect(compiled.status == 0, "\(compiled.errors)")
        #expect(compiled.errors.contains("repeated 2 s of \(ids[0])"), "\(compiled.errors)")
        let numbers = try Media.frameNumbers(of: out)
        #expect(numbers.filter { $0 >= 0 } == Array(1200..<1380) + Array(150..<450) + Array(450..<660), "no footage twice")
        #expect(numbers.suffix(60).allSatisfy { $0 == -1 }, "the credits card")
        let corner = try Media.frames(of: out, at: [15, 195, 495], crop: [0, 240, 320, 120])
        #expect(corner.values.allSatisfy { $0.filter { $0 > 200 }.count > 300 }, "a name over each clip's start")
    }
}
