import Foundation

/// Runs reel's built tools for end-to-end tests.
public enum Tools {
    /// Runs `tool` with `arguments`, `input` on stdin.
    @discardableResult
    public static func run(_ tool: String, _ arguments: [String], input: String? = nil,
                           directory: String? = nil, timeout: Double = 300) throws -> ProcessResult {
        try Subprocess.run(Repository.tool(tool), arguments, input: input.map { Data($0.utf8) },
                           directory: directory, timeout: timeout)
    }
}

extension Tools {
    /// scripts/read-events with a profile (built-in or file) on a video, with the built tools.
    public static func readEvents(_ profile: String, _ video: String, timeout: Double = 600) throws -> ProcessResult {
        let bin = URL(fileURLWithPath: Repository.tool("event-detect")).deletingLastPathComponent().path
        return try Subprocess.run(Repository.script("read-events"), [profile, video], environment: ["REEL_BIN": bin],
                                  timeout: timeout)
    }
}

/// NDJSON lines as JSON objects (Foundation's parser: independent of reel's).
public func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map { line in
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw TestSetupError("not an object: \(line)")
        }
        return object
    }
}
