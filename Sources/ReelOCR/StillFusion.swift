import ReelVision

/// Fuses a region's views with its neighbours' by what stands still: a pixel keeps its value
/// where every view of every frame shows it the same (within a tolerance), and is 0 where any
/// changed. Text over a moving scene is still while the scene is not, whatever their colours:
/// the pixel-wise minimum of the frames keeps only what is bright in all of them, and a
/// saturated scene stays bright in the colour views wherever it moves.
enum StillFusion {
    /// How far a shrunk pixel's value may move between frames and still be still (shrinking
    /// averages the coder's noise away).
    static let smallTolerance = 20
    /// The same at full resolution (the coder's noise and a letter's soft edges stay).
    static let fullTolerance = 36

    /// The still parts of a frame's shrunk views, fused with its neighbours' (of the same size).
    static func small(_ views: [TextView: GrayImage], _ others: [[TextView: GrayImage]]) -> [TextView: GrayImage] {
        let all = TextView.allCases.compactMap { view in views[view].map { (view, $0) } }
        guard let first = all.first?.1 else { return views }
        var still = [Bool](repeating: true, count: first.pixels.count)
        for (view, image) in all {
            for other in others {
                guard let theirs = other[view], theirs.width == image.width, theirs.height == image.height else { continue }
                mark(&still, image.pixels, theirs.pixels, tolerance: smallTolerance)
            }
        }
        return views.mapValues { masked($0, still) }
    }

    /// One view of a box of the frames' regions at full resolution, kept where every view the
    /// frames have stands still (the first frame is the one read); with `minimum`, the frames'
    /// pixel-wise minimum there, else the first frame's.
    static func full(_ view: TextView, of frames: [TextViews], x: Int, y: Int, width: Int, height: Int,
                     minimum: Bool = false) -> GrayImage? {
        guard let mine = frames.first else { return nil }
        var part = mine.full(view, x: x, y: y, width: width, height: height)
        guard part.width > 0, part.height > 0 else { return nil }
        if minimum {
            for other in frames.dropFirst() where mine.matches(other) {
                let theirs = other.full(view, x: x, y: y, width: width, height: height)
                if theirs.width == part.width, theirs.height == part.height { part = part.minimum(theirs) }
            }
        }
        var still = [Bool](repeating: true, count: part.pixels.count)
        for each in mine.views {
            let own = mine.full(each, x: x, y: y, width: width, height: height)
            for other in frames.dropFirst() where mine.matches(other) {
                let theirs = other.full(each, x: x, y: y, width: width, height: height)
                guard theirs.width == own.width, theirs.height == own.height else { continue }
                mark(&still, own.pixels, theirs.pixels, tolerance: fullTolerance)
            }
        }
        return masked(part, still)
    }

    /// Clears `still` wherever the two images differ by more than `tolerance`.
    private static func mark(_ still: inout [Bool], _ a: [UInt8], _ b: [UInt8], tolerance: Int) {
        guard a.count == still.count, b.count == still.count else { return }
        still.withUnsafeMutableBufferPointer { still in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    for index in 0..<still.count where abs(Int(a[index]) - Int(b[index])) > tolerance {
                        still[index] = false
                    }
                }
            }
        }
    }

    private static func masked(_ image: GrayImage, _ still: [Bool]) -> GrayImage {
        guard still.count == image.pixels.count else { return image }
        var out = image
        for index in out.pixels.indices where !still[index] { out.pixels[index] = 0 }
        return out
    }
}
