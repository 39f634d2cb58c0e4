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

/// NDJSON lines as JSON objects (Foundation's parser: independent of reel's).
public func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map { line in
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw TestSetupError("not an object: \(line)")
        }
        return object
    }
}
