import Foundation

extension CNNWeights {
    private static let magic = Array("REELCNN1".utf8)

    /// The weights as bytes: "REELCNN1", the shape (4 x UInt32), the values (Float32), little-endian.
    public var fileBytes: [UInt8] {
        var bytes = Self.magic
        for number in [shape.input, shape.filters, shape.hidden, shape.classes] {
            withUnsafeBytes(of: UInt32(number).littleEndian) { bytes += $0 }
        }
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
        }
        return bytes
    }

    /// Weights read from `fileBytes`.
    public init(fileBytes bytes: [UInt8], source: String) throws(ImageError) {
        guard bytes.count >= 24, Array(bytes[0..<8]) == Self.magic else {
            throw ImageError("not a reel network weights file", at: source)
        }
        func number(_ at: Int) -> Int {
            Int(UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24)
        }
        let shape = CNNShape(input: number(8), filters: number(12), hidden: number(16), classes: number(20))
        guard (3...64).contains(shape.input), (1...256).contains(shape.filters), (1...4096).contains(shape.hidden),
              (2...1000).contains(shape.classes), bytes.count == 24 + 4 * shape.parameterCount else {
            throw ImageError("weights file of the wrong size or shape", at: source)
        }
        let values = (0..<shape.parameterCount).map { Float(bitPattern: UInt32(number(24 + 4 * $0))) }
        self.init(shape: shape, values: values)
    }

    /// Weights read from a file.
    public init(path: String) throws(ImageError) {
        try self.init(fileBytes: try ImageFile.bytes(path: path), source: path)
    }
}
