import Foundation
import ReelTestSupport
import Testing

/// The whole reading pipeline on generated streams, judged against their truth by the spec's
/// criteria (scripts/evaluate at a small size: one stream of each kind).
@Suite(.serialized) struct EvaluateTests {
    @Test func theReadingPipelineFindsWhatTheStreamsHold() throws {
        let temporary = try TemporaryDirectory("evaluate-tmp")
        let bin = URL(fileURLWithPath: Repository.tool("event-detect")).deletingLastPathComponent().path
        let result = try Subprocess.run(Repository.script("evaluate"), ["--seeds", "1", "--size", "1280x720",
                                                                       "--duration", "300", "--quiet"],
                                        environment: ["REEL_BIN": bin,
                                                      "REEL_BENCH_CACHE": Repository.cache.appendingPathComponent("evaluate").path,
                                                      "TMPDIR": temporary.path],
                                        timeout: 900)
        #expect(result.status == 0, "\(result.output)\n\(result.errors)")
        #expect(result.output.contains("2 passed, 0 failed"))
        let left = try FileManager.default.contentsOfDirectory(atPath: temporary.path)
        #expect(left.isEmpty, "the evaluation's frames are removed when it ends: \(left)")
    }
}
