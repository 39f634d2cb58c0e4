import Foundation
import Glibc
import ReelTestSupport
import Testing

/// scripts/reel-watch over three live HLS streams served on 127.0.0.1 (one plain, one offline at first
/// and away mid-way, one whose pipeline fails once), with a stand-in per-channel pipeline (real
/// hls-fetch, a goal on every third segment: no video reading, which other suites test) and one
/// hook-post for all of them.
@Suite struct WatchTests {
    /// The stand-in pipeline: `--profile P SOURCE OUTDIR`; profile fail-once fails at segment 3
    /// the first time.
    static let pipeline = #"""
        #!/usr/bin/env bash
        profile=$2 source=$3 out=$4
        mkdir -p "$out"
        "$REEL_BIN/hls-fetch" "$source" --out "$out/segments" --from-start --retries 1 --idle-timeout 4 --quiet \
          | while IFS= read -r line; do
              seq=$(jq -r 'select(.type == "segment") | .seq' <<<"$line")
              [ -n "$seq" ] || continue
              if [ "$profile" = fail-once ] && [ "$seq" -eq 3 ] && [ ! -e "$out/failed-once" ]; then
                touch "$out/failed-once"; exit 1
              fi
              if [ $((seq % 3)) -eq 2 ]; then
                jq -c '{type: "event", kind: "goal", t: .seq}, {type: "clip", kind: "goal", path: .path, t: .seq}' <<<"$line"
              fi
            done
        statuses=("${PIPESTATUS[@]}")
        [ "${statuses[1]}" -eq 0 ] || exit "${statuses[1]}"
        exit "${statuses[0]}"
        """#

    /// A live playlist of segments 0...newest (nil: offline, 404), ending at 8.
    static func playlist(_ channel: String, newest: Int?) -> TestReply {
        guard let newest else { return TestReply(status: 404, text: "offline") }
        var text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n"
        for index in 0...min(newest, 8) { text += "#EXTINF:0.5,\n/\(channel)/s\(index).ts\n" }
        if newest >= 8 { text += "#EXT-X-ENDLIST\n" }
        return TestReply(text: text, contentType: "application/vnd.apple.mpegurl")
    }

    @Test func followsThreeChannelsAndPostsEveryGoalOnce() throws {
        let server = try StaticFileServer(root: "/nonexistent")
        let started = Date()
        for channel in ["a", "b", "c"] {
            for index in 0...8 {
                server.route("/\(channel)/s\(index).ts") { _ in
                    TestReply(headers: [("Content-Type", "video/mp2t")], body: Data([0x47] + Array(repeating: UInt8(index), count: 187)))
                }
            }
        }
        // a and c: a segment every 0.5 s from the start. b: offline for 2 s, live for 2 s, away
        // for 3 s, then live again from where it was.
        server.route("/a.m3u8") { _ in Self.playlist("a", newest: Int(Date().timeIntervalSince(started) / 0.5)) }
        server.route("/c.m3u8") { _ in Self.playlist("c", newest: Int(Date().timeIntervalSince(started) / 0.5)) }
        server.route("/b.m3u8") { _ in
            let t = Date().timeIntervalSince(started)
            switch t {
            case ..<2: return Self.playlist("b", newest: nil)
            case ..<4: return Self.playlist("b", newest: min(3, Int((t - 2) / 0.5)))
            case ..<7: return Self.playlist("b", newest: nil)
            default: return Self.playlist("b", newest: 4 + Int((t - 7) / 0.5))
            }
        }
        let receiver = HookPostTests.Receiver()
        server.route("/hook") { receiver.accept($0) }
        let folder = try TemporaryDirectory()
        try Self.pipeline.write(toFile: folder.file("pipeline"), atomically: true, encoding: .utf8)
        chmod(folder.file("pipeline"), 0o755)
        try """
            # three channels
            a \(server.url)/a.m3u8
            b \(server.url)/b.m3u8   football
            c \(server.url)/c.m3u8 fail-once
            """.write(toFile: folder.file("channels"), atomically: true, encoding: .utf8)
        let bin = URL(fileURLWithPath: Repository.tool("hook-post")).deletingLastPathComponent().path
        // Until every goal is posted, then stopped as a service is (SIGTERM): b's first end is
        // not the last, so no --until-ended.
        // Through python: the test runner's threads block SIGTERM, and a blocked signal stays
        // blocked across exec; the service manager that runs reel-watch blocks none.
        let unblock = "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
            + "os.dup2(os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 2); os.execv(sys.argv[2], sys.argv[2:])"
        let watch = try InteractiveProcess("/usr/bin/python3", ["-c", unblock, folder.file("errors"), "/usr/bin/env", "REEL_BIN=" + bin,
                                                                Repository.script("reel-watch"), "--pipeline", folder.file("pipeline"),
                                                                "--check", "1", folder.file("channels"), folder.file("out"),
                                                                "--webhook", "hook=\(server.url)/hook"])
        defer { watch.kill() }
        watch.wait(timeout: 60) { _ in receiver.keys("/hook").count >= 9 }
        Thread.sleep(forTimeInterval: 1)  // a repeat, if any, would come now
        watch.kill()
        let deadline = Date().addingTimeInterval(20)
        // Running until it is a zombie (or gone): reaping it is the Process's business.
        func running() -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(watch.pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            return !stat[stat.index(after: close)...].hasPrefix(" Z")
        }
        while running() && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(Date() < deadline, "reel-watch did not stop on SIGTERM")
        let lines = watch.wait(timeout: 0) { _ in true }
        #expect(watch.finish() == 130)
        if Date() >= deadline { kill(watch.pid, SIGKILL) }
        let result = (output: lines.joined(separator: "\n"), errors: (try? String(contentsOfFile: folder.file("errors"), encoding: .utf8)) ?? "")
        let records = try jsonLines(result.output)
        let clips = records.filter { $0["type"] as? String == "clip" }
        // Every goal (segments 2, 5, 8) of each channel: clipped, with its channel, posted once.
        for channel in ["a", "b", "c"] {
            let times = Set(clips.filter { $0["channel"] as? String == channel }.compactMap { $0["t"] as? Int })
            let log = (try? String(contentsOfFile: folder.file("out/\(channel)/watch.log"), encoding: .utf8)) ?? ""
            #expect(times == [2, 5, 8], "\(channel): \(times); its log: \(log.suffix(1500))")
        }
        #expect(receiver.keys("/hook").count == 9)
        #expect(receiver.repeats == 0)
        let posts = records.filter { $0["type"] as? String == "post" }
        #expect(Set(posts.compactMap { $0["key"] as? String }).count == 9)
        #expect(result.errors.contains("reel-watch: c: the pipeline ended with status 1"), "\(result.errors)")
        #expect(records.allSatisfy { $0["channel"] != nil || $0["type"] as? String == "post" })
        // b was offline at first: tried again, not given up.
        #expect(server.requests(for: "/b.m3u8").count > 3)
    }

    @Test func refusesABadChannelsFile() throws {
        let folder = try TemporaryDirectory()
        try "a file:///etc/passwd\n".write(toFile: folder.file("channels"), atomically: true, encoding: .utf8)
        let result = try Subprocess.run(Repository.script("reel-watch"), [folder.file("channels"), folder.file("out")])
        #expect(result.status == 65)
        #expect(result.errors.hasPrefix("reel-watch: \(folder.file("channels")):1: file:///etc/passwd: want a live HLS URL"), "\(result.errors)")
        let missing = try Subprocess.run(Repository.script("reel-watch"), [folder.file("none"), folder.file("out")])
        #expect(missing.status == 66)
    }
}
