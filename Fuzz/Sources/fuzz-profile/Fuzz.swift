import FuzzDriver
import Foundation
import ReelEvents
import ReelProfile

/// The fuzz target: libFuzzer drives `test`.
@main
enum FuzzProfile {
    static func main() { runFuzzer(test) }
}

/// libFuzzer's entry: one profile file (a whole profile or one that extends a built-in one).
/// Loading must never crash; a profile that loads must drive its detector through a few
/// readings without a trap.
/// (Also libFuzzer's `LLVMFuzzerTestOneInput`, which its runtime links to.)
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = NSTemporaryDirectory() + "reel-fuzz-profile-\(getpid()).json"
    guard FileManager.default.createFile(atPath: path, contents: Data(fuzzInput(data, size))) else { return 0 }
    defer { unlink(path) }
    guard let profile = try? Profile.load(path) else { return 0 }
    let detector: EventDetector = profile.kind == "football" ? FootballDetector(profile: profile) : BattleRoyaleDetector(profile: profile)
    for (index, t) in [0.0, 2, 4, 1e9, 1e9 + 2].enumerated() {
        var reading = FrameReading(time: t, kills: index, skull: true)
        reading.texts = ["select": "SELECTLEGEND", "placed": "PLACED#3OF20", "scoreboard": "ABC1-0DEF", "replay": "REPLAY"]
        _ = detector.observe(reading)
    }
    _ = detector.finish()
    return 0
}
