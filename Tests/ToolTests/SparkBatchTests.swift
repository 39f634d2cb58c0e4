import Foundation
import ReelTestSupport
import Testing

/// The folder of SparkBatchTests' sources, removed when the test process exits.
nonisolated(unsafe) private var sparkSourcesFolder: String?

/// scripts/spark-batch on real Spark (pyspark, Java) over the built tools: three sources (a
/// file, an HLS VOD on 127.0.0.1 and a long file, each cut into chunks of 60 s, a match running
/// across every boundary of the long ones) give the events batch.mk and read-events give, on
/// local[2] and on a standalone cluster on 127.0.0.1 that loses a worker mid-run.
@Suite(.serialized) struct SparkBatchTests {
    /// The sources and what one machine makes of them, computed once for both tests.
    final class Sources: @unchecked Sendable {
        let folder: TemporaryDirectory
        let server: StaticFileServer
        /// Absolute paths and the URL, in the order given to the scripts.
        let list: [String]
        /// Folder name -> events.ndjson's lines, sorted: batch.mk's.
        var expected: [String: [String]] = [:]
        /// Folder name -> clips.ndjson's records (batch.mk's).
        var clips: [String: [[String: Any]]] = [:]

        init() throws {
            let match = try SyntheticStreams.make("br", duration: 210, seed: 12)  // 6 kills, #1, 14.9-194.9 s
            let long = try SyntheticStreams.make("br", duration: 240, seed: 2)    // 2 kills, #17, 40.7-223.3 s
            folder = try TemporaryDirectory("spark-sources")
            try FileManager.default.createSymbolicLink(atPath: folder.file("match.ts"), withDestinationPath: match.video)
            try FileManager.default.createSymbolicLink(atPath: folder.file("long.ts"), withDestinationPath: long.video)
            try FileManager.default.createDirectory(atPath: folder.file("site/vod"), withIntermediateDirectories: true)
            _ = try Media.segments(of: long.video, seconds: 2, in: folder.file("site/vod"))
            server = try StaticFileServer(root: folder.file("site"))
            list = [folder.file("match.ts"), folder.file("long.ts"), server.url + "/vod/index.m3u8"]
        }

        /// The folder name of the HLS source (batch.mk's and spark-batch's).
        var remote: String {
            "127.0.0.1-" + (list[2].split(separator: ":").last?.split(separator: "/").first.map(String.init) ?? "") + "-vod-index.m3u8"
        }

        var names: [String] { ["match", "long", remote] }

        /// batch.mk's events (checked against read-events' on the way), once.
        func computeExpected() throws {
            guard expected.isEmpty else { return }
            let out = folder.file("batch")
            let make = try Subprocess.run("make", ["-f", Repository.script("batch.mk"), "-j2", "SOURCES=" + list.joined(separator: " "),
                                                   "OUT=" + out, "REPORT=no", "REEL_BIN=" + SparkBatchTests.bin], timeout: 600)
            try #require(make.status == 0, "\(make.errors)")
            for name in names {
                expected[name] = try SparkBatchTests.lines(out + "/\(name)/events.ndjson")
                clips[name] = try jsonLines(try String(contentsOfFile: out + "/\(name)/clips.ndjson", encoding: .utf8))
            }
            // read-events on the files, and on the HLS VOD through hls-fetch: the same events.
            for (name, source) in zip(names, list) {
                let command = source.hasPrefix("http")
                    ? "\"$1\" \"$2\" --out \"$3\" --quiet | \"$4\" br -"
                    : "\"$4\" br \"$2\""
                let result = try Subprocess.run("bash", ["-c", "set -o pipefail; " + command + " | jq -c 'select(.type == \"event\")'",
                                                         "read", SparkBatchTests.bin + "/hls-fetch", source, folder.file("fetched-" + name),
                                                         Repository.script("read-events")],
                                                environment: ["REEL_BIN": SparkBatchTests.bin], timeout: 300)
                try #require(result.status == 0, "\(result.errors)")
                #expect(result.lines.sorted() == expected[name], "read-events on \(name)")
            }
        }
    }

    static var bin: String { URL(fileURLWithPath: Repository.tool("event-detect")).deletingLastPathComponent().path }
    /// Made once for both tests; its folder (about 1 GB with batch.mk's frames) goes at exit.
    nonisolated(unsafe) static var shared: Sources?
    static let setUp = NSLock()

    /// The Spark spark-batch would use, or why there is none.
    static let install: Result<SparkInstall, TestSetupError> = {
        do {
            return try SparkInstall.find()
        } catch {
            return .failure(TestSetupError("\(error)"))
        }
    }()

    /// Whether Java and pyspark are there; when not, says why on stdout (the tests are skipped).
    static var hasSpark: Bool {
        guard case .failure(let why) = install else { return true }
        print("SparkBatchTests: skipped: \(why) (scripts/install-deps --spark installs Java 17 and pyspark)")
        return false
    }

    /// The sources with their expected events, and the Spark to run on.
    static func sources() throws -> (Sources, SparkInstall) {
        let spark = try install.get()
        let sources = try setUp.withLock {
            if let shared { return shared }
            let made = try Sources()
            shared = made
            sparkSourcesFolder = made.folder.path
            atexit {
                if let folder = sparkSourcesFolder { try? FileManager.default.removeItem(atPath: folder) }
            }
            return made
        }
        try sources.computeExpected()
        return (sources, spark)
    }

    /// A file's lines, sorted.
    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init).sorted()
    }

    static func sparkBatch(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 600) throws -> ProcessResult {
        try Subprocess.run(Repository.script("spark-batch"), arguments, environment: environment.merging(["REEL_BIN": bin]) { $1 },
                           timeout: timeout)
    }

    /// What every run must give: batch.mk's events per source (byte for byte), its clips' windows,
    /// the stage files, the dataset on stdout; each clip cut once.
    func checkOutcome(_ out: String, _ result: ProcessResult, _ sources: Sources) throws {
        #expect(result.status == 0, "\(result.errors.suffix(3000))")
        var dataset: [String] = []
        for (name, source) in zip(sources.names, sources.list) {
            let folder = out + "/" + name
            #expect(try Self.lines(folder + "/events.ndjson") == sources.expected[name], "\(name)")
            for file in ["source", "profile.json", "sampling.json", "reading.json", "frames.ndjson", "readings.ndjson", "report.html"] {
                #expect(FileManager.default.fileExists(atPath: folder + "/" + file), "\(name)/\(file)")
            }
            #expect(source.hasPrefix("http") == FileManager.default.fileExists(atPath: folder + "/segments.ndjson"))
            let clips = try jsonLines(try String(contentsOfFile: folder + "/clips.ndjson", encoding: .utf8))
            let windows = { (records: [[String: Any]]) in records.map { "\($0["start"] ?? "") \($0["end"] ?? "")" } }
            #expect(windows(clips) == windows(sources.clips[name] ?? []), "\(name)")
            #expect(clips.allSatisfy { FileManager.default.fileExists(atPath: $0["path"] as? String ?? "") })
            // No clip written twice, whatever was retried.
            let journal = try jsonLines(try String(contentsOfFile: folder + "/journal.ndjson", encoding: .utf8))
            let cut = journal.filter { $0["stage"] as? String == "clips" }.flatMap { $0["cut"] as? [String] ?? [] }
            #expect(cut.count == Set(cut).count, "\(name): \(cut)")
            #expect(Set(cut).isSubset(of: Set(clips.compactMap { $0["path"] as? String })))
            // The long sources in four chunks of 60 s.
            if name != "match" {
                let chunks = try FileManager.default.contentsOfDirectory(atPath: folder + "/chunks").filter { $0.hasSuffix(".frames.ndjson") }
                #expect(chunks.count == 4, "\(name): \(chunks)")
            }
            dataset += (sources.expected[name] ?? []).map { line in
                String(line.dropLast()) + ",\"name\":\"\(name)\",\"source\":\"\(source)\"}"
            }
        }
        // The dataset: every event with its source, on stdout and in OUT/events.
        #expect(result.lines.sorted() == dataset.sorted())
        #expect(try Self.lines(out + "/events/part-00000.json") == dataset.sorted())
    }

    @Test(.enabled(if: hasSpark, "no Java or no pyspark: scripts/install-deps --spark"))
    func localTwoCoresGiveTheEventsOfOneMachine() throws {
        let (sources, _) = try Self.sources()
        let out = try TemporaryDirectory("spark-local")
        let result = try Self.sparkBatch(["--master", "local[2]", "--chunk", "60", "--no-summary", "--out", out.path] + sources.list)
        try checkOutcome(out.path, result, sources)

        // A task run again (a retry, a speculative copy) redoes nothing and gives the same records.
        let journal = try String(contentsOfFile: out.file("long/journal.ndjson"), encoding: .utf8)
        let dir = out.file("long")
        let jobs = [#"{"stage":"sample","name":"long","source":"\#(sources.list[1])","dir":"\#(dir)","chunk":2,"from":120,"to":180}"#,
                    #"{"stage":"finish","name":"long","source":"\#(sources.list[1])","dir":"\#(dir)","chunks":4,"kinds":["match","goal"],"report":true}"#]
        let again = try Subprocess.run(Repository.script("spark/spark-task"), [], input: Data((jobs.joined(separator: "\n") + "\n").utf8),
                                       environment: ["REEL_BIN": Self.bin])
        #expect(again.status == 0, "\(again.errors)")
        #expect(again.lines.first?.contains(#""stage":"sampled","name":"long","chunk":2"#) == true, "\(again.output)")
        #expect(Array(again.lines.dropFirst()).sorted() == result.lines.filter { $0.contains(#""name":"long""#) }.sorted())
        #expect(try String(contentsOfFile: out.file("long/journal.ndjson"), encoding: .utf8) == journal)
        let bad = try Subprocess.run(Repository.script("spark/spark-task"), [], input: Data("{\"stage\":\"x\"}\n".utf8))
        #expect(bad.status == 65 && bad.errors.hasPrefix("spark-task: stdin: not a job record"), "\(bad.errors)")
    }

    @Test(.enabled(if: hasSpark, "no Java or no pyspark: scripts/install-deps --spark"))
    func aStandaloneClusterLosingAWorkerMidRunGivesTheSameEvents() throws {
        let (sources, spark) = try Self.sources()
        let cluster = try SparkCluster(spark: spark, workers: 2)
        defer { cluster.stop() }
        let out = try TemporaryDirectory("spark-cluster-out")
        // Kill a worker (its executor and the tasks under it) once the first chunk was sampled.
        let journalPath = out.file("long/journal.ndjson")
        let killer = Thread {
            let deadline = Date().addingTimeInterval(400)
            while Date() < deadline {
                if let journal = try? String(contentsOfFile: journalPath, encoding: .utf8),
                   journal.contains("\"sample\"") {
                    cluster.killWorker(0)
                    return
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        killer.start()
        let result = try Self.sparkBatch(["--master", cluster.url, "--chunk", "60", "--conf", "spark.executor.memory=512m",
                                          "--out", out.path] + sources.list, environment: cluster.environment)
        try checkOutcome(out.path, result, sources)
        // The worker went while the job ran; the driver saw its executor go.
        #expect(cluster.log("worker0").contains("Successfully registered with master"))
        #expect(result.errors.contains("lost") || result.errors.contains("Lost"), "\(result.errors.suffix(3000))")
        // Spark SQL over the dataset: a line per source.
        #expect(result.errors.contains("spark-batch: long: 1 matches, 0 goals, 3 events"), "\(result.errors.suffix(2000))")
    }

    @Test func badArgumentsAreStatus64AndNamedOnStderr() throws {
        let out = try TemporaryDirectory("spark-args")
        for (arguments, message) in [(["--chunk", "0", "--out", out.path, "a.ts"], "spark-batch: --chunk: 0: must be seconds from 1 to 1e6"),
                                     (["--chunk", "1e999", "--out", out.path, "a.ts"], "spark-batch: --chunk: "),
                                     (["--out", out.path, "ftp://host/x.m3u8"], "spark-batch: ftp://host/x.m3u8: only http(s)"),
                                     (["--out", out.path, "twitch-vod:1;rm"], "spark-batch: twitch-vod:1;rm: twitch-vod:ID"),
                                     (["--master", "local[2];x", "--out", out.path, "a.ts"], "spark-batch: --master: "),
                                     (["--kind", "$(x)", "--out", out.path, "a.ts"], "spark-batch: --kind: "),
                                     (["x.ts"], "spark-batch: --out: needed")] {
            let result = try Self.sparkBatch(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.errors.hasPrefix(message), "\(arguments): \(result.errors)")
        }
        let missing = try Self.sparkBatch(["--out", out.path, "/nonexistent/vod.ts"])
        #expect(missing.status == 66 && missing.errors.hasPrefix("spark-batch: /nonexistent/vod.ts: no such file"))
        // A folder someone replaced by a link is not written through.
        for folder in ["elsewhere", "run"] {
            try FileManager.default.createDirectory(atPath: out.file(folder), withIntermediateDirectories: true)
        }
        try FileManager.default.createSymbolicLink(atPath: out.file("run/vod"), withDestinationPath: out.file("elsewhere"))
        _ = FileManager.default.createFile(atPath: out.file("vod.ts"), contents: Data("x".utf8))
        let linked = try Self.sparkBatch(["--out", out.file("run"), out.file("vod.ts")])
        #expect(linked.status == 64 && linked.errors.contains("a symbolic link: not followed"), "\(linked.errors)")
        // A source named to run commands: planned and sampled as a name, nothing run.
        let video = try SyntheticStreams.make("br", duration: 210, seed: 12).video
        let hostile = out.file("a $(touch pwned) `touch pwned2`;'\"b.ts")
        try FileManager.default.createSymbolicLink(atPath: hostile, withDestinationPath: video)
        let job = try JSONSerialization.data(withJSONObject: ["stage": "prepare", "source": hostile, "name": "a-touch-pwned",
                                                              "dir": out.file("hostile"), "profile": "br", "seconds": 100])
        let plan = try Subprocess.run(Repository.script("spark/spark-task"), [], input: job + Data("\n".utf8),
                                      environment: ["REEL_BIN": Self.bin], directory: out.path)
        #expect(plan.status == 0, "\(plan.errors)")
        let chunks = try jsonLines(plan.output)
        #expect(chunks.map { $0["from"] as? Int } == [0, 100, 200], "\(plan.output)")
        #expect(chunks.allSatisfy { $0["source"] as? String == hostile && $0["stage"] as? String == "sample" })
        let sampled = try Subprocess.run(Repository.script("spark/spark-task"), [], input: Data((plan.lines[1] + "\n").utf8),
                                         environment: ["REEL_BIN": Self.bin], directory: out.path)
        #expect(sampled.status == 0, "\(sampled.errors)")
        #expect(sampled.output.contains(#""stage":"sampled""#) && sampled.output.contains(#""frames":50"#), "\(sampled.output)")
        #expect(!FileManager.default.fileExists(atPath: out.file("pwned")) && !FileManager.default.fileExists(atPath: out.file("pwned2")))

        let help = try Self.sparkBatch(["--help"])
        #expect(help.status == 0 && help.output.contains("--chunk SECONDS"))
    }
}
