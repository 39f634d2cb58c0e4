import Foundation
import ReelTestSupport
import Testing

/// The pipeline scripts' shared logic (scripts/pipeline-lib.sh), each function called on its own
/// in bash: what read-events, batch.mk, spark-batch and reel-watch decide before any tool runs.
@Suite struct PipelineLibTests {
    /// Runs `body` in bash after sourcing pipeline-lib.sh as a script named `test-script` would,
    /// with the tools looked for in a folder that holds none (so nothing is run).
    func bash(_ body: String, in folder: String? = nil) throws -> ProcessResult {
        let library = Repository.script("pipeline-lib.sh")
        let script = "here=\(Repository.root.appendingPathComponent("scripts").path.quotedForShell)\n"
            + "set -- ; . \(library.quotedForShell)\n" + body
        return try Subprocess.run("/bin/bash", ["-c", script, "test-script"],
                                  environment: ["REEL_BIN": "/nonexistent/bin"], directory: folder, timeout: 30)
    }

    @Test(arguments: [
        ("0 0 0", "0"), ("0 1 0", "1"), ("141 0 0", "141"), ("141 2 0", "2"), ("0 141 141", "141"),
        ("141 0 65", "65"), ("66 141 1", "66"),
    ])
    func firstFailureIsTheFirstStatusThatIsNotABrokenPipe(statuses: String, expected: String) throws {
        let result = try bash("first_failure \(statuses)")
        #expect(result.output == expected + "\n")
    }

    @Test(arguments: [
        ("https://host/vod/index.m3u8", true), ("http://h/a.m3u8", true), ("concat:a.ts|b.ts", true),
        ("file:clip.ts", true), ("clip.ts", false), ("./dir/clip.ts", false), ("/abs/clip.ts", false),
        ("1:2.ts", false), ("", false),
    ])
    func urlsAndProtocolsAreNotLocalFiles(path: String, isURL: Bool) throws {
        let result = try bash("is_url \(path.quotedForShell) && echo url || echo file")
        #expect(result.output == (isURL ? "url\n" : "file\n"))
    }

    @Test func anExistingFileNamedLikeAProtocolIsAFile() throws {
        let folder = try TemporaryDirectory()
        FileManager.default.createFile(atPath: folder.file("concat:x.ts"), contents: Data())
        let result = try bash("is_url 'concat:x.ts' && echo url || echo file", in: folder.path)
        #expect(result.output == "file\n")
    }

    @Test(arguments: [
        ("videos/match one.ts", "match-one"), ("/a/b/vod.2024.mp4", "vod.2024"), ("noextension", "noextension"),
        ("https://host/vod/index.m3u8", "host-vod-index.m3u8"), ("twitch-vod:123456", "twitch-vod-123456"),
        ("twitch-channel:some_name", "twitch-channel-some_name"), ("..hidden.ts", "hidden"), ("-dash-.ts", "dash"),
        ("$(touch pwned).ts", "touch-pwned"),
    ])
    func sourceNamesAreSafeFolderNames(source: String, expected: String) throws {
        let folder = try TemporaryDirectory()
        let result = try bash("source_name \(source.quotedForShell)", in: folder.path)
        #expect(result.output == expected)
        #expect(!FileManager.default.fileExists(atPath: folder.file("pwned")))
    }

    @Test func aFileIsReadAndCutFromItself() throws {
        let folder = try TemporaryDirectory()
        FileManager.default.createFile(atPath: folder.file("vod.ts"), contents: Data())
        let result = try bash("""
            classify_source vod.ts out --threads 4
            echo "fetch=${#fetch[@]} reading=$reading clip_from=${clip_from[*]}"
            """, in: folder.path)
        #expect(result.status == 0)
        #expect(result.output == "fetch=0 reading=vod.ts clip_from=--source vod.ts\n")
    }

    @Test(arguments: [
        ("https://host/index.m3u8", "/nonexistent/bin/hls-fetch https://host/index.m3u8 --out out/segments --threads 4"),
        ("twitch-vod:42", "/nonexistent/bin/hls-fetch --twitch-vod 42 --out out/segments --threads 4"),
        ("twitch-channel:name", "/nonexistent/bin/hls-fetch --twitch-channel name --out out/segments --threads 4"),
    ])
    func aStreamIsFetchedAndReadFromItsSegmentRecords(source: String, command: String) throws {
        let result = try bash("""
            classify_source \(source.quotedForShell) out --threads 4
            echo "${fetch[*]}|$reading|${#clip_from[@]}"
            """)
        #expect(result.status == 0)
        #expect(result.output == command + "|-|0\n")
    }

    @Test(arguments: [
        ("ftp://host/a.ts", Int32(64), "only http(s) URLs"), ("missing.ts", Int32(66), "missing.ts: no such file"),
    ])
    func otherSourcesAreRefusedWithTheirStatus(source: String, status: Int32, message: String) throws {
        let folder = try TemporaryDirectory()
        let result = try bash("classify_source \(source.quotedForShell) out; echo reached", in: folder.path)
        #expect(result.status == status)
        #expect(result.output.isEmpty)
        #expect(result.errors.hasPrefix("test-script: \(source): "))
        #expect(result.errors.contains(message))
    }

    @Test func aRunsRecordsAreSplitByType() throws {
        let folder = try TemporaryDirectory()
        let records = """
            {"type":"frame","t":1}
            {"type":"event","kind":"goal","t":2}
            {"type":"clip","path":"a.mp4"}
            {"type":"event","kind":"goal","t":3}
            """
        try (records + "\n").write(toFile: folder.file("records.ndjson"), atomically: true, encoding: .utf8)
        let result = try bash("split_records .", in: folder.path)
        #expect(result.status == 0)
        let events = try String(contentsOfFile: folder.file("events.ndjson"), encoding: .utf8)
        #expect(events == "{\"type\":\"event\",\"kind\":\"goal\",\"t\":2}\n{\"type\":\"event\",\"kind\":\"goal\",\"t\":3}\n")
        let clips = try String(contentsOfFile: folder.file("clips.ndjson"), encoding: .utf8)
        #expect(clips == "{\"type\":\"clip\",\"path\":\"a.mp4\"}\n")
        #expect(!FileManager.default.fileExists(atPath: folder.file("posts.ndjson")))
    }

    @Test func aMissingToolIsUnavailable() throws {
        let result = try Subprocess.run("/bin/bash", ["-c", """
            here=/nonexistent; . \(Repository.script("pipeline-lib.sh").quotedForShell)
            tool no-such-tool; echo reached
            """, "test-script"], environment: ["REEL_BIN": ""], timeout: 30)
        #expect(result.status == 69)
        #expect(result.errors == "test-script: no-such-tool: not found (build with make, or set REEL_BIN)\n")
    }
}

extension String {
    /// The string in single quotes for bash, its own single quotes kept.
    var quotedForShell: String { "'" + replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
