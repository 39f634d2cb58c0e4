import Foundation
import Glibc
import ReelCore

/// A stream made by scripts/synth-stream, with its truth and screen records.
public struct SyntheticStream: Sendable {
    /// The folder holding the stream and its records.
    public let directory: URL
    /// The parameters (stream.json).
    public let parameters: JSONObject
    /// truth.ndjson, in order.
    public let truth: [JSONObject]
    /// screen.ndjson, in order.
    public let screen: [JSONObject]

    /// The video file.
    public var video: String {
        directory.appendingPathComponent(parameters["file"]?.stringValue ?? "stream.ts").path
    }

    public var fps: Int { parameters["fps"]?.intValue ?? 30 }
    public var width: Int { parameters["width"]?.intValue ?? 0 }
    public var height: Int { parameters["height"]?.intValue ?? 0 }
    public var duration: Double { parameters["duration"]?.doubleValue ?? 0 }

    /// Truth records of one kind (`game`, `kills`, `goal`).
    public func truth(_ kind: String) -> [JSONObject] {
        truth.filter { $0["kind"]?.stringValue == kind }
    }

    /// Screen records of one kind (`text`, `hud`, `scoreboard`, `period`).
    public func screen(_ kind: String) -> [JSONObject] {
        screen.filter { $0["kind"]?.stringValue == kind }
    }
}

/// Makes synthetic streams once and keeps them under .build/test-cache for later runs.
public enum SyntheticStreams {
    /// A stream of `kind` made with these arguments (cached by arguments and generator source).
    public static func make(_ kind: String, duration: Double, size: String = "1280x720", fps: Int = 30,
                            seed: Int, options: [String] = []) throws -> SyntheticStream {
        var arguments = [kind, "--duration", String(duration), "--size", size, "--fps", String(fps),
                         "--seed", String(seed)] + options
        let key = arguments.joined(separator: "_").replacingOccurrences(of: "-", with: "")
            + "_" + generatorVersion
        let directory = Repository.cache.appendingPathComponent("streams").appendingPathComponent(key)
        try FileManager.default.createDirectory(at: directory.deletingLastPathComponent(), withIntermediateDirectories: true)
        let lockPath = directory.path + ".lock"
        let lock = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw TestSetupError("cannot open \(lockPath)") }
        defer { close(lock) }
        flock(lock, LOCK_EX)
        defer { flock(lock, LOCK_UN) }
        let done = directory.appendingPathComponent(".complete").path
        if !FileManager.default.fileExists(atPath: done) {
            try? FileManager.default.removeItem(at: directory)
            arguments += ["--out", directory.path]
            let result = try Subprocess.run(Repository.script("synth-stream"), arguments)
            guard result.status == 0 else {
                throw TestSetupError("synth-stream \(arguments.joined(separator: " ")) failed: \(result.errors)")
            }
            _ = FileManager.default.createFile(atPath: done, contents: Data())
        }
        return try load(directory)
    }

    /// Reads a generated stream's records from its folder.
    public static func load(_ directory: URL) throws -> SyntheticStream {
        func records(_ name: String) throws -> [JSONObject] {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            return try text.split(separator: "\n").map { try Record.parse(line: Array($0.utf8)).object }
        }
        guard let parameters = try records("stream.json").first else {
            throw TestSetupError("\(directory.path): empty stream.json")
        }
        return SyntheticStream(directory: directory, parameters: parameters,
                               truth: try records("truth.ndjson"), screen: try records("screen.ndjson"))
    }

    /// A short hash of the generator's source files: a changed generator makes new streams.
    public static let generatorVersion: String = {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let folder = Repository.root.appendingPathComponent("scripts/synth")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".py") }.sorted()
        for name in names + ["../synth-stream"] {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            for byte in data {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        return String(hash, radix: 16).prefix(10).description
    }()
}
