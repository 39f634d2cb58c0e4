import Foundation
import ReelMedia
import ReelTestSupport
import ReelVision
import Testing

@Suite struct FrameSamplerTests {
    /// Exact-mode samples of a video: (time, gray pixels of a crop) for each.
    func samples(_ video: String, every: Double, buffered: Int, workers: Int) throws -> [(Double, [UInt8])] {
        let sampler = FrameSampler(mode: .exact, targets: .every(every, end: 60), workers: workers) { _, _ in }
        sampler.maximumBufferedBytes = buffered
        let converter = CropConverter()
        var out: [(Double, [UInt8])] = []
        let collect = { (sample: SampledFrame) throws in
            let image = try converter.gray(sample.frame, box: PixelBox(x: 0, y: 0, width: 320, height: 180),
                                           outputWidth: 320, outputHeight: 180)
            out.append((sample.time, image.pixels))
        }
        try sampler.sample(try InputFile(path: video), emit: collect)
        try sampler.finish(emit: collect)
        return out
    }

    @Test func aGOPTooLargeToKeepIsDecodedAsItComesWithTheSameResult() throws {
        let stream = try SyntheticStreams.make("football", duration: 180, seed: 1)
        let kept = try samples(stream.video, every: 1.7, buffered: 64 << 20, workers: 2)
        let streamed = try samples(stream.video, every: 1.7, buffered: 2_000, workers: 2)
        #expect(kept.count == Int(60 / 1.7) + 1)
        #expect(kept.map(\.0) == streamed.map(\.0))
        #expect(zip(kept, streamed).allSatisfy { $0.1 == $1.1 })
    }

    @Test func oneWorkerOrFourGiveTheSameFrames() throws {
        let stream = try SyntheticStreams.make("football", duration: 180, seed: 1)
        let one = try samples(stream.video, every: 2.3, buffered: 64 << 20, workers: 1)
        let four = try samples(stream.video, every: 2.3, buffered: 64 << 20, workers: 4)
        #expect(one.map(\.0) == four.map(\.0))
        #expect(zip(one, four).allSatisfy { $0.1 == $1.1 })
    }
}
