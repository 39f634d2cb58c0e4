import Foundation

/// Where things are, for tests: the repository, its scripts, fixtures and built tools.
public enum Repository {
    /// The repository's root folder.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A script under scripts/.
    public static func script(_ name: String) -> String {
        root.appendingPathComponent("scripts").appendingPathComponent(name).path
    }

    /// The folder of the test fixtures kept in the repository (Tests/Fixtures).
    public static let fixtures: URL = root.appendingPathComponent("Tests").appendingPathComponent("Fixtures")

    /// The path of a fixture: `hostile/trunc_1k.ts`, `hls-playlists/NAME.m3u8`.
    public static func fixture(_ name: String) -> String {
        fixtures.appendingPathComponent(name).path
    }

    /// A scratch folder under .build that survives between test runs (generated streams).
    public static var cache: URL {
        let url = root.appendingPathComponent(".build").appendingPathComponent("test-cache")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The path of a built tool: $REEL_BIN/NAME, else the newest of .build/{release,debug}/NAME.
    public static func tool(_ name: String) -> String {
        if let bin = ProcessInfo.processInfo.environment["REEL_BIN"] {
            return bin + "/" + name
        }
        let candidates = ["release", "debug"].map { root.appendingPathComponent(".build/\($0)/\(name)").path }
        let dated = candidates.compactMap { path -> (String, Date)? in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  let date = attributes[.modificationDate] as? Date else { return nil }
            return (path, date)
        }
        return dated.max { $0.1 < $1.1 }?.0 ?? candidates[1]
    }
}
