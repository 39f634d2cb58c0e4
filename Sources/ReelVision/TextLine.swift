/// A row of character-like shapes in a binary image: where a line of text is.
public struct TextLine: Sendable, Equatable {
    /// The shapes taken for characters, left to right.
    public var characters: [Component]
    /// The box around them.
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    /// The median height of the characters (about the cap height for capitals and digits).
    public var characterHeight: Int

    /// The most populous row of character-like shapes among the `ink` pixels of `image`, or nil
    /// when there are fewer than `minimumCharacters` (2) of them.
    ///
    /// A character-like shape is at least `minimumHeight` pixels tall, at most 95% of the image's
    /// height, no wider than 3 times its height, filling 12 to 95% of its box. A row is the
    /// shapes whose vertical centres lie within 35% of a height of each other and whose heights
    /// are within a factor 1.6.
    public static func find(in image: GrayImage, ink: UInt8 = 0, minimumHeight: Int = 6,
                            minimumCharacters: Int = 2) -> TextLine? {
        let shapes = ConnectedComponents(image) { $0 == ink }.components.filter { shape in
            shape.height >= minimumHeight && Double(shape.height) <= 0.95 * Double(image.height)
                && shape.width <= 3 * shape.height && shape.fill >= 0.12 && shape.fill <= 0.95
        }
        var best: [Component] = []
        for seed in shapes {
            let centre = Double(seed.y) + Double(seed.height) / 2
            let row = shapes.filter { other in
                let otherCentre = Double(other.y) + Double(other.height) / 2
                let ratio = Double(other.height) / Double(seed.height)
                return abs(otherCentre - centre) <= 0.35 * Double(seed.height) && ratio >= 1 / 1.6 && ratio <= 1.6
            }
            if row.count > best.count {
                best = row
            }
        }
        guard best.count >= minimumCharacters else { return nil }
        best.sort { $0.x < $1.x }
        let left = best.map(\.x).min() ?? 0, top = best.map(\.y).min() ?? 0
        let right = best.map { $0.x + $0.width }.max() ?? 0, bottom = best.map { $0.y + $0.height }.max() ?? 0
        let heights = best.map(\.height).sorted()
        return TextLine(characters: best, x: left, y: top, width: right - left, height: bottom - top,
                        characterHeight: heights[heights.count / 2])
    }
}
