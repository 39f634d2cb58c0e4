import Foundation
import ReelCore
import ReelVision

/// Labelled digit images for training and evaluating the classifier, in one binary file:
/// "REELDIG1", the side (UInt32), the count (UInt32), then per sample side x side bytes
/// (0 background to 255 ink, row by row) and a label byte (0-9, or 10: not a digit).
public struct DigitDataset: Sendable, Equatable {
    private static let magic = Array("REELDIG1".utf8)

    public var side: Int
    public var images: [[UInt8]] = []
    public var labels: [Int] = []

    public init(side: Int = DigitCutter.side) {
        self.side = side
    }

    public var count: Int { labels.count }

    /// Adds a cut digit with its label.
    public mutating func append(_ cut: DigitCut, label: Int) {
        images.append(cut.pixels.map { UInt8(max(0, min(255, ($0 * 255).rounded()))) })
        labels.append(label)
    }

    /// Adds every sample of another dataset of the same side.
    public mutating func append(contentsOf other: DigitDataset) {
        precondition(other.side == side, "datasets of different sides")
        images += other.images
        labels += other.labels
    }

    /// The samples as network inputs (0 to 1).
    public var inputs: [[Float]] {
        images.map { $0.map { Float($0) / 255 } }
    }

    /// The dataset as file bytes.
    public var fileBytes: [UInt8] {
        var bytes = Self.magic
        for number in [side, count] {
            withUnsafeBytes(of: UInt32(number).littleEndian) { bytes += $0 }
        }
        for (image, label) in zip(images, labels) {
            bytes += image
            bytes.append(UInt8(label))
        }
        return bytes
    }

    /// A dataset read from a file.
    public init(path: String) throws(ToolError) {
        let bytes: [UInt8]
        do {
            bytes = try ImageFile.bytes(path: path)
        } catch {
            throw ToolError(error.reason, at: path, failure: error.failure)
        }
        try self.init(fileBytes: bytes, source: path)
    }

    /// A dataset from the bytes of a file (`fileBytes`); `source` names it in errors.
    public init(fileBytes bytes: [UInt8], source path: String) throws(ToolError) {
        func number(_ at: Int) -> Int {
            Int(UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24)
        }
        guard bytes.count >= 16, Array(bytes[0..<8]) == Self.magic else {
            throw ToolError("not a reel digit dataset", at: path, failure: .badInput)
        }
        side = number(8)
        let count = number(12)
        // The side is checked before anything is computed from it (a hostile header says 2^32).
        guard (4...64).contains(side) else {
            throw ToolError("digit dataset of side \(side), not 4 to 64", at: path, failure: .badInput)
        }
        let stride = side * side + 1
        guard count <= (bytes.count - 16) / stride, bytes.count == 16 + count * stride else {
            throw ToolError("digit dataset of the wrong size", at: path, failure: .badInput)
        }
        for index in 0..<count {
            let start = 16 + index * stride
            images.append(Array(bytes[start..<(start + side * side)]))
            labels.append(Int(bytes[start + side * side]))
        }
        guard labels.allSatisfy({ (0...DigitClassifier.notADigit).contains($0) }) else {
            throw ToolError("digit dataset with labels out of range", at: path, failure: .badInput)
        }
    }
}
