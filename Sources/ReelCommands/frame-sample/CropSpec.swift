import ArgumentParser
import ReelCore
import ReelMedia

/// A named crop from `--crop NAME=x,y,w,h`: fractions of the frame (all four at most 1) or pixels.
struct CropSpec: ExpressibleByArgument, Sendable {
    let name: String
    let values: [Double]
    let fractions: Bool

    static let full = CropSpec(name: "full", values: [0, 0, 1, 1], fractions: true)
    /// The largest number of pixels a box may give (a position or a size).
    static let maximumPixels = 65_536.0

    private init(name: String, values: [Double], fractions: Bool) {
        self.name = name
        self.values = values
        self.fractions = fractions
    }

    init?(argument: String) {
        guard let equals = argument.firstIndex(of: "=") else { return nil }
        let name = String(argument[..<equals])
        let numbers = argument[argument.index(after: equals)...].split(separator: ",").compactMap { Double($0) }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }),
              numbers.count == 4, numbers.allSatisfy({ $0 >= 0 && $0 <= Self.maximumPixels }), numbers[2] > 0, numbers[3] > 0 else {
            return nil
        }
        self.init(name: name, values: numbers, fractions: numbers.allSatisfy { $0 <= 1 })
    }

    static var defaultValueDescription: String { "full=0,0,1,1" }

    /// The box in a `width` x `height` frame, aligned for its chroma planes and clipped to it.
    func box(width: Int, height: Int, alignment: (x: Int, y: Int)) -> PixelBox? {
        let scaled = fractions
            ? [values[0] * Double(width), values[1] * Double(height), values[2] * Double(width), values[3] * Double(height)]
            : values
        var x = Int(saturating: scaled[0], rounding: .down), y = Int(saturating: scaled[1], rounding: .down)
        x -= x % alignment.x
        y -= y % alignment.y
        var w = min(Int(saturating: scaled[2]), width - x), h = min(Int(saturating: scaled[3]), height - y)
        w -= w % alignment.x
        h -= h % alignment.y
        guard x < width, y < height, w > 0, h > 0 else { return nil }
        return PixelBox(x: x, y: y, width: w, height: h)
    }
}
