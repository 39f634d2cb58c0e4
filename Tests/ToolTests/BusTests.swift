import Foundation
import Glibc
import ReelTestSupport
import Testing

/// records-pub and hook-post --from over a real three-server NATS JetStream cluster on
/// 127.0.0.1, with a local HTTP receiver for the hooks; publisher, hook-post and a server
/// killed with SIGKILL mid-run (the server while hook-post runs).
@Suite(.serialized) struct BusTests {
    static var hasNATS: Bool { NATSCluster.isAvailable(for: "BusTests") }

    /// `count` clip records of two channels (no files: webhooks post the record).
    static func clipLines(_ count: Int) -> [String] {
        (0..<count).map { index in
            #"{"type":"clip","channel":"ch\#(index % 2)","path":"clips/goal-\#(index).mp4","kind":"goal","t":\#(10 * index)}"#
        }
    }

    @Test(.enabled(if: hasNATS, "nats-server is not installed: scripts/install-deps --nats"))
    func everyRecordReachesEveryHookOnceThroughKilledPublisherHookPostAndServer() throws {
        let cluster = try NATSCluster(size: 3)
        defer { cluster.stop() }
        let receiver = HookPostTests.Receiver()
        let server = try StaticFileServer(root: "/nonexistent")
        let slow = Counter()
        server.route("/a") { receiver.accept($0) }
        server.route("/b") { request in
            // The first answers take long: hook-post is killed while some are under way.
            if slow.next() < 4 { Thread.sleep(forTimeInterval: 1) }
            return receiver.accept(request)
        }
        let folder = try TemporaryDirectory()
        let lines = Self.clipLines(40)
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder.file("clips.ndjson"), atomically: true, encoding: .utf8)
        let hookArguments = ["--from", cluster.url("CLIPS"), "--durable", "hooks", "--ack-wait", "2",
                             "--webhook", "a=\(server.url)/a", "--webhook", "b=\(server.url)/b", "--spool", folder.file("spool")]

        // hook-post first: it waits for the stream to appear.
        let first = try InteractiveProcess(Repository.tool("hook-post"), hookArguments)
        defer { first.kill() }
        // A publisher killed half-way, then run again over the whole input.
        let publisher = try InteractiveProcess(Repository.tool("records-pub"),
                                               ["--to", cluster.url("reel.clips"), "--stream", "CLIPS", "--replicas", "3"])
        defer { publisher.kill() }
        for line in lines.prefix(25) { try publisher.send(line) }
        let passed = publisher.wait(timeout: 30) { $0.count >= 25 }
        #expect(passed.count == 25, "records-pub passes a record on once stored")
        Glibc.kill(publisher.pid, SIGKILL)
        _ = publisher.finish()
        let again = try Tools.run("records-pub", ["--to", cluster.url("reel.clips"), "--stream", "CLIPS", folder.file("clips.ndjson")],
                                  timeout: 60)
        #expect(again.status == 0, "\(again.errors)")

        first.wait(timeout: 30) { $0.filter { $0.contains(#""type":"post""#) }.count >= 12 }
        // A server goes away while hook-post runs; the stream and consumer (3 replicas) carry
        // on on the others, and hook-post's connection moves to one of them.
        cluster.kill(0)
        first.wait(timeout: 3) { $0.filter { $0.contains(#""type":"post""#) }.count >= 14 }
        Glibc.kill(first.pid, SIGKILL)
        _ = first.finish()
        // Deliveries done before the kill (their post written) must never be sent again.
        let doneAtKill = try FileManager.default.contentsOfDirectory(atPath: folder.file("spool/done"))
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
        let pendingAtKill = try FileManager.default.contentsOfDirectory(atPath: folder.file("spool/pending")).filter { $0.hasSuffix(".json") }
        #expect(receiver.keys("/b").count < 40, "killed before the slow hook was done")
        // Idle for 12 s: on a loaded machine the cluster may take seconds to elect the consumer's
        // new leader after the kill, and nothing can be fetched meanwhile.
        let second = try Tools.run("hook-post", hookArguments + ["--idle-exit", "12"], timeout: 120)
        #expect(second.status == 0, "\(second.errors)")
        #expect(receiver.keys("/a").count == 40)
        #expect(receiver.keys("/b").count == 40)
        // Only deliveries under way at the kill (spooled, not yet marked done) may have been
        // sent again, with the same idempotency key (the receiver drops the repeat).
        #expect(receiver.repeats <= pendingAtKill.count, "\(receiver.repeats) repeats, \(pendingAtKill.count) pending at the kill")
        let sent = server.requests.map { $0.headers["idempotency-key"] ?? "" }
        for key in doneAtKill {
            #expect(sent.filter { $0 == key }.count == 1, "done delivery \(key) sent again")
        }
        let done = try FileManager.default.contentsOfDirectory(atPath: folder.file("spool/done")).filter { $0.hasSuffix(".json") }
        #expect(done.count == 80)

        // The stream holds each record once: a fresh consumer reads 40 distinct clips.
        let audit = try Tools.run("hook-post", ["--from", cluster.url("CLIPS"), "--durable", "audit", "--select", "none",
                                                "--webhook", "x=http://127.0.0.1:9/", "--spool", folder.file("audit-spool"),
                                                "--idle-exit", "12"], timeout: 120)
        let clips = audit.output.split(separator: "\n").filter { $0.contains(#""type":"clip""#) }
        #expect(clips.count == 40, "\(audit.errors)")
        #expect(Set(clips).count == 40)
    }

    @Test(.enabled(if: hasNATS, "nats-server is not installed: scripts/install-deps --nats"))
    func clipsTravelInTheObjectStoreSoTheHookMachineNeedsNoSharedDisk() throws {
        let cluster = try NATSCluster(size: 3)
        defer { cluster.stop() }
        let receiver = HookPostTests.Receiver()
        let server = try StaticFileServer(root: "/nonexistent")
        server.route("/discord") { receiver.accept($0) }
        // The watcher's side: clips of 300 kB (three chunks each) in a folder of its own.
        let watcher = try TemporaryDirectory()
        let lines = try HookPostTests.clips(watcher, count: 2, size: 300_000)
        try (lines.joined(separator: "\n") + "\n").write(toFile: watcher.file("clips.ndjson"), atomically: true, encoding: .utf8)
        let arguments = ["--to", cluster.url("reel.clips"), "--stream", "CLIPS", "--replicas", "3", "--files", "clips",
                         watcher.file("clips.ndjson")]
        let published = try Tools.run("records-pub", arguments)
        #expect(published.status == 0, "\(published.errors)")
        // Published again (a run started over): nothing new is stored.
        let again = try Tools.run("records-pub", arguments + ["--verbose"])
        #expect(again.errors.components(separatedBy: "already in the stream").count == 3, "\(again.errors)")
        let records = try jsonLines(published.output)
        #expect(records.allSatisfy { ($0["object"] as? [String: Any])?["bucket"] as? String == "clips" })

        // The hook machine: another folder, no access to the watcher's.
        let hooks = try TemporaryDirectory()
        let result = try Tools.run("hook-post", ["--from", cluster.url("CLIPS"), "--durable", "discord", "--discord",
                                                 "chat=\(server.url)/discord", "--spool", hooks.file("spool"), "--idle-exit", "3"],
                                   directory: hooks.path, timeout: 60)
        #expect(result.status == 0, "\(result.errors)")
        let posts = try jsonLines(result.output).filter { $0["type"] as? String == "post" }
        #expect(posts.count == 2)
        for (index, line) in lines.enumerated() {
            let original = try #require(try jsonLines(line).first?["path"] as? String)
            let post = try #require(posts.first { ($0["for"] as? String)?.hasPrefix(hooks.file("spool/objects/")) == true
                && FileManager.default.contents(atPath: $0["for"] as? String ?? "") == FileManager.default.contents(atPath: original) },
                                    "clip \(index)")
            let request = try #require(receiver.request("/discord", key: post["key"] as? String ?? ""))
            #expect(HookPostTests.part("files[0]", of: request) == FileManager.default.contents(atPath: original))
        }
    }

    @Test(.enabled(if: hasNATS, "nats-server is not installed: scripts/install-deps --nats"))
    func badAddressesAndUnreachableServersAreReportedWithTheirStatus() throws {
        let usage = try Tools.run("records-pub", ["--to", "http://127.0.0.1/x"], input: "")
        #expect(usage.status == 64)
        #expect(usage.errors.hasPrefix("records-pub: --to: want nats://"), "\(usage.errors)")
        let secret = try Tools.run("records-pub", ["--to", "nats://user:hunter2@127.0.0.1:1/x"], input: "{\"type\":\"clip\"}\n")
        #expect(secret.status == 69)
        #expect(secret.errors.hasPrefix("records-pub: nats://127.0.0.1:1/x: cannot connect"), "\(secret.errors)")
        #expect(!secret.errors.contains("hunter2"))
        let noDurable = try Tools.run("hook-post", ["--from", "nats://127.0.0.1:1/S", "--webhook", "a=http://127.0.0.1:9/"], input: "")
        #expect(noDurable.status == 64)
        #expect(noDurable.errors.contains("--from: needs --durable"), "\(noDurable.errors)")
        let dotted = try Tools.run("hook-post", ["--from", "nats://127.0.0.1:1/A.B", "--durable", "d", "--webhook", "a=http://127.0.0.1:9/"],
                                   input: "")
        #expect(dotted.status == 64, "\(dotted.errors)")
    }
}
