import ReelCore

extension GrayImage {
    /// The count of pixels of each value.
    public var histogram: [Int] {
        // Four tallies, summed at the end: runs of equal pixels do not wait on one counter.
        var counts = [Int](repeating: 0, count: 4 * 256)
        pixels.withUnsafeBufferPointer { pixels in
            counts.withUnsafeMutableBufferPointer { counts in
                let quads = pixels.count / 4
                for quad in 0..<quads {
                    let at = 4 * quad
                    counts[Int(pixels[at])] &+= 1
                    counts[256 + Int(pixels[at + 1])] &+= 1
                    counts[512 + Int(pixels[at + 2])] &+= 1
                    counts[768 + Int(pixels[at + 3])] &+= 1
                }
                for index in (4 * quads)..<pixels.count { counts[Int(pixels[index])] &+= 1 }
                for value in 0..<256 {
                    counts[value] &+= counts[256 + value] &+ counts[512 + value] &+ counts[768 + value]
                }
            }
        }
        return Array(counts[0..<256])
    }

    /// The smallest value with at least `fraction` (0 to 1) of the pixels at or below it.
    public func percentile(_ fraction: Double) -> UInt8 {
        Self.percentile(histogram, fraction)
    }

    /// The same from a histogram.
    public static func percentile(_ counts: [Int], _ fraction: Double) -> UInt8 {
        let total = counts.reduce(0, +)
        let wanted = Int(saturating: fraction * Double(total), rounding: .up)
        var seen = 0
        for value in 0..<256 {
            seen += counts[value]
            if seen >= max(1, wanted) {
                return UInt8(value)
            }
        }
        return 255
    }

    /// Otsu's threshold: the value t that best splits the pixels into `< t` and `>= t`
    /// (largest between-class variance). Only pixels within `range` take part.
    public func otsuThreshold(over range: ClosedRange<UInt8> = 0...255) -> UInt8 {
        Self.otsuThreshold(histogram, over: range)
    }

    /// The same from a histogram.
    public static func otsuThreshold(_ counts: [Int], over range: ClosedRange<UInt8> = 0...255) -> UInt8 {
        var total = 0, sum = 0.0
        for value in Int(range.lowerBound)...Int(range.upperBound) {
            total += counts[value]
            sum += Double(value * counts[value])
        }
        guard total > 0 else { return range.lowerBound }
        var below = 0, belowSum = 0.0, best = -1.0, threshold = Int(range.lowerBound) + 1
        for value in Int(range.lowerBound)..<Int(range.upperBound) {
            below += counts[value]
            belowSum += Double(value * counts[value])
            let above = total - below
            guard below > 0, above > 0 else { continue }
            let meanBelow = belowSum / Double(below), meanAbove = (sum - belowSum) / Double(above)
            let variance = Double(below) * Double(above) * (meanBelow - meanAbove) * (meanBelow - meanAbove)
            if variance > best {
                best = variance
                threshold = value + 1
            }
        }
        return UInt8(min(255, threshold))
    }

    /// A two-level image: `ink` where the pixel is at least `threshold` (or below it, with
    /// `darkInk`), `paper` elsewhere.
    public func thresholded(at threshold: UInt8, darkInk: Bool = false, ink: UInt8 = 0, paper: UInt8 = 255) -> GrayImage {
        // A select per pixel, no branch: the loop vectorises. Every pixel is written.
        let above = darkInk ? paper : ink, below = darkInk ? ink : paper
        let out = [UInt8](unsafeUninitializedCapacity: pixels.count) { target, count in
            pixels.withUnsafeBufferPointer { source in
                for index in 0..<source.count {
                    target[index] = source[index] >= threshold ? above : below
                }
            }
            count = pixels.count
        }
        return GrayImage(width: width, height: height, pixels: out)
    }
}
