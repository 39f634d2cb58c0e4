import Foundation
import ReelTestSupport
import Testing

/// frame-sample --part: a stream read in parts (as scripts/spark-batch reads a long VOD on many
/// machines) gives the frames the whole stream gives, once the parts' records are put one after
/// the other and a frame a part repeats (a key frame two parts' targets both reach) is dropped.
@Suite(.serialized) struct FrameSamplePartTests {
    /// The non-empty stdout lines of frame-sample (its frame records).
    func lines(_ arguments: [String]) throws -> [String] {
        let result = try Tools.run("frame-sample", arguments + ["--quiet"])
        #expect(result.status == 0, "\(result.errors)")
        return result.lines
    }

    /// Lines of parts in order, each frame kept only when later than every frame before it.
    func joined(_ parts: [[String]]) throws -> [String] {
        var last = -Double.infinity
        var kept: [String] = []
        for line in parts.joined() {
            let t = try #require(try jsonLines(line).first?["t"] as? Double)
            if t > last {
                kept.append(line)
                last = t
            }
        }
        return kept
    }

    @Test(arguments: [("key", "ts"), ("exact", "ts"), ("key", "mp4"), ("exact", "mp4")])
    func partsGiveTheFramesOfTheWholeStream(mode: String, format: String) throws {
        let stream = format == "ts" ? try SyntheticStreams.make("football", duration: 180, seed: 1) : try FrameSampleTests.mp4()
        let out = try TemporaryDirectory()
        let common = [stream.video, "--mode", mode, "--every", "2.3", "--crop", "board=0,0,0.3,0.1", "--out", out.path]
        let whole = try lines(common)
        // Boundaries on and off the grid, inside GOPs; the last part seeks far into the file.
        let cuts = format == "ts" ? ["0,17", "17,33.5", "33.5,61", "61,150", "150,inf"] : ["0,17", "17,33.5", "33.5,inf"]
        let parts = try cuts.map { try lines(common + ["--part", $0]) }
        #expect(parts.allSatisfy { !$0.isEmpty })
        #expect(try joined(parts) == whole)
        #expect(whole.count >= 20)
    }

    @Test func aPartMustBeARangeOfSeconds() throws {
        let video = try FrameSampleTests.mp4().video
        for bad in ["5,5", "-1,3", "3", "a,b", "nan,4", "1,2,3"] {
            let result = try Tools.run("frame-sample", [video, "--part=" + bad, "--out", "/nonexistent"])
            #expect(result.status == 64, "\(bad)")
            #expect(result.errors.hasPrefix("frame-sample: --part: "), "\(bad): \(result.errors)")
        }
    }
}
