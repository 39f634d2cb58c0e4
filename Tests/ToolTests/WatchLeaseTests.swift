import Foundation
import Glibc
import ReelTestSupport
import Testing

/// Two reel-watch processes given the same channels, sharing them through leases in a NATS
/// key-value bucket (bus-lease) on a three-server cluster, their records going to one
/// hook-post --from: the watcher holding the channels is killed with SIGKILL (its whole process
/// tree), the other takes them over within a lease time, and every goal is posted once.
@Suite(.serialized) struct WatchLeaseTests {
    @Test(.enabled(if: BusTests.hasNATS, "nats-server is not installed: scripts/install-deps --nats"))
    func aDeadWatchersChannelsAreTakenOverWithinALeaseTime() throws {
        let cluster = try NATSCluster(size: 3)
        defer { cluster.stop() }
        let server = try StaticFileServer(root: "/nonexistent")
        let started = Date()
        // Two channels of 24 segments, one every 0.5 s, then the end.
        for channel in ["x", "y"] {
            for index in 0...23 {
                server.route("/\(channel)/s\(index).ts") { _ in
                    TestReply(headers: [("Content-Type", "video/mp2t")], body: Data([0x47] + Array(repeating: UInt8(index), count: 187)))
                }
            }
            server.route("/\(channel).m3u8") { _ in
                let newest = min(23, Int(Date().timeIntervalSince(started) / 0.5))
                var text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n"
                for index in 0...newest { text += "#EXTINF:0.5,\n/\(channel)/s\(index).ts\n" }
                if newest == 23 { text += "#EXT-X-ENDLIST\n" }
                return TestReply(text: text, contentType: "application/vnd.apple.mpegurl")
            }
        }
        let receiver = HookPostTests.Receiver()
        server.route("/hook") { receiver.accept($0) }
        let folder = try TemporaryDirectory()
        try WatchTests.pipeline.write(toFile: folder.file("pipeline"), atomically: true, encoding: .utf8)
        chmod(folder.file("pipeline"), 0o755)
        try "x \(server.url)/x.m3u8\ny \(server.url)/y.m3u8\n".write(toFile: folder.file("channels"), atomically: true, encoding: .utf8)
        let bin = URL(fileURLWithPath: Repository.tool("hook-post")).deletingLastPathComponent().path

        let hooks = try InteractiveProcess(Repository.tool("hook-post"), ["--from", cluster.url("CLIPS"), "--durable", "hooks",
                                                                          "--webhook", "hook=\(server.url)/hook", "--spool", folder.file("spool")])
        // SIGKILL: the test runner's threads block SIGTERM, and so does what they start.
        defer { Glibc.kill(hooks.pid, SIGKILL) }
        // Each watcher in a folder of its own, with the same relative OUTDIR (as on machines of
        // their own): a channel's records are the same whichever watcher reads it.
        func watcher(_ name: String) throws -> InteractiveProcess {
            try FileManager.default.createDirectory(atPath: folder.file(name), withIntermediateDirectories: true)
            let unblock = "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
                + "os.dup2(os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 2); os.execv(sys.argv[2], sys.argv[2:])"
            return try InteractiveProcess("/usr/bin/python3", ["-c", unblock, folder.file(name + ".errors"), "/usr/bin/env",
                                                               "-C", folder.file(name), "REEL_BIN=" + bin, Repository.script("reel-watch"),
                                                               "--pipeline", folder.file("pipeline"), "--check", "1",
                                                               "--lease", cluster.url("LEASES"), "--holder", name, "--lease-time", "3",
                                                               "--replicas", "3", "--to", cluster.url("reel.clips"), "--stream", "CLIPS",
                                                               folder.file("channels"), "out"])
        }
        func state(_ name: String, _ channel: String) -> String {
            (try? String(contentsOfFile: folder.file("\(name)/out/.watch/state/\(channel)"), encoding: .utf8)) ?? ""
        }
        let first = try watcher("w1")
        defer { NATSCluster.killTree(first.pid) }
        // w1 takes both channels before w2 starts.
        let deadline = Date().addingTimeInterval(20)
        while !["x", "y"].allSatisfy({ (try? FileManager.default.contentsOfDirectory(atPath: folder.file("w1/out/\($0)/segments")))?.isEmpty == false })
                && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
        }
        let second = try watcher("w2")
        defer { second.kill() }
        second.wait(timeout: 10) { _ in state("w2", "x").hasPrefix("elsewhere") && state("w2", "y").hasPrefix("elsewhere") }
        #expect(state("w2", "x").hasPrefix("elsewhere"), "w2 left x to w1: \(state("w2", "x"))")
        let killedAt = Date()
        NATSCluster.killTree(first.pid)
        // When w2 has each channel (its first segment on disk).
        var takenOver: [String: Double] = [:]
        while takenOver.count < 2 && Date().timeIntervalSince(killedAt) < 20 {
            for channel in ["x", "y"] where takenOver[channel] == nil
                && (try? FileManager.default.contentsOfDirectory(atPath: folder.file("w2/out/\(channel)/segments")))?.isEmpty == false {
                takenOver[channel] = Date().timeIntervalSince(killedAt)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        // Within a lease time (3 s) and a look (1.5 s), and the time to start a pipeline.
        #expect(takenOver.count == 2 && takenOver.values.allSatisfy { $0 < 6 }, "taken over after \(takenOver) s")
        print("WatchLeaseTests: channels taken over \(takenOver.values.sorted().map { String(format: "%.1f", $0) }.joined(separator: " and ")) s after the watcher was killed (lease time 3 s)")

        // Goals at segments 2, 5, ..., 23 of each channel: 16, each posted once.
        second.wait(timeout: 60) { _ in receiver.keys("/hook").count >= 16 }
        #expect(receiver.keys("/hook").count == 16)
        #expect(receiver.repeats == 0)
        second.kill()
        _ = second.finish()
    }
}
