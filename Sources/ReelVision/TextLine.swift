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
    /// The share of the ink in the line's band (its box, widened by half a character height
    /// each way) that is not its characters: 0 for clean text, near 1 in clutter.
    public var clutter: Double

    /// How much the line looks like text: its characters, less what clutters them.
    public var quality: Double {
        Double(characters.count) * (1 - clutter) * (1 - clutter)
    }

    /// The most populous row of character-like shapes among the `ink` pixels of `image`, or nil
    /// when there are fewer than `minimumCharacters` (2) of them.
    ///
    /// A character-like shape is at least `minimumHeight` pixels tall, at most 95% of the image's
    /// height, no wider than 3 times its height, filling 12 to 95% of its box. A row is the
    /// shapes whose vertical centres lie within 35% of a height of each other and whose heights
    /// are within a factor 1.6. An image with more than `maximumShapes` such shapes is clutter,
    /// not text: the search's cost stays bounded whatever the image shows.
    public static func find(in image: GrayImage, ink: UInt8 = 0, minimumHeight: Int = 6,
                            minimumCharacters: Int = 2, maximumShapes: Int = 400) -> TextLine? {
        findAll(in: image, ink: ink, minimumHeight: minimumHeight, minimumCharacters: minimumCharacters,
                maximumShapes: maximumShapes, maximumLines: 1).first
    }

    /// Up to `maximumLines` rows, most populous first, each from the shapes the rows before it
    /// left (see `find`).
    public static func findAll(in image: GrayImage, ink: UInt8 = 0, minimumHeight: Int = 6, minimumCharacters: Int = 2,
                               maximumShapes: Int = 400, maximumLines: Int = 3) -> [TextLine] {
        let components = ConnectedComponents(image) { $0 == ink }
        var shapes = components.components.filter { shape in
            shape.height >= minimumHeight && Double(shape.height) <= 0.95 * Double(image.height)
                && shape.width <= 3 * shape.height && shape.fill >= 0.12
                && (shape.fill <= 0.95 || 2 * shape.width <= shape.height)  // a 1 or an I shrunk is a solid bar
        }
        guard shapes.count >= minimumCharacters, shapes.count <= maximumShapes else { return [] }
        var lines: [TextLine] = []
        while lines.count < maximumLines, let row = bestRow(of: shapes), row.count >= minimumCharacters {
            lines.append(line(of: row, in: components, image: image))
            let taken = Set(row.map(\.label))
            shapes.removeAll { taken.contains($0.label) }
        }
        return lines
    }

    /// The largest set of shapes on one row (centres within 35% of a height, heights within a
    /// factor 1.6 of the row's seed).
    private static func bestRow(of shapes: [Component]) -> [Component]? {
        // Shapes by their vertical centre, so that each seed looks only at its neighbours.
        let sorted = shapes.sorted { $0.centreY < $1.centreY }
        let centres = sorted.map(\.centreY)
        var best: [Component] = []
        for seed in sorted {
            let reach = 0.35 * Double(seed.height)
            var low = 0, high = centres.count
            while low < high {
                let middle = (low + high) / 2
                if centres[middle] < seed.centreY - reach { low = middle + 1 } else { high = middle }
            }
            var row: [Component] = []
            var index = low
            while index < sorted.count, centres[index] <= seed.centreY + reach {
                let ratio = Double(sorted[index].height) / Double(seed.height)
                if ratio >= 1 / 1.6 && ratio <= 1.6 { row.append(sorted[index]) }
                index += 1
            }
            if row.count > best.count {
                best = row
            }
        }
        return best.isEmpty ? nil : best
    }

    /// The line a row of shapes makes, with its clutter.
    private static func line(of row: [Component], in components: ConnectedComponents, image: GrayImage) -> TextLine {
        let best = row.sorted { $0.x < $1.x }
        let left = best.map(\.x).min() ?? 0, top = best.map(\.y).min() ?? 0
        let right = best.map { $0.x + $0.width }.max() ?? 0, bottom = best.map { $0.y + $0.height }.max() ?? 0
        let heights = best.map(\.height).sorted()
        let characterHeight = heights[heights.count / 2]
        // Clutter: ink in the band around the line that belongs to none of its characters nor
        // its punctuation and could pass for marks beside them. Surfaces taller than half again the row (a box or
        // pill the text sits next to) do not count: reading leaves them out.
        let margin = characterHeight / 2
        let bandTop = max(0, top - margin), bandBottom = min(image.height, bottom + margin)
        let bandLeft = max(0, left - margin), bandRight = min(image.width, right + margin)
        let rowHeight = bottom - top
        // One or two small marks alone in the gap between two characters (a colon's dots, a
        // hyphen) are the line's punctuation; more are the scene showing through.
        var mine = ComponentSet(components) { _ in false }
        best.forEach { mine.insert($0.label) }
        for (before, after) in zip(best, best.dropFirst()) {
            let gapLeft = before.x + before.width, gapRight = after.x
            guard gapRight > gapLeft else { continue }
            let marks = components.components.filter { shape in
                shape.x >= gapLeft && shape.x + shape.width <= gapRight && shape.y >= top && shape.y + shape.height <= bottom
                    && shape.height < characterHeight
            }
            if marks.count <= 2 { marks.forEach { mine.insert($0.label) } }
        }
        let surfaces = ComponentSet(components) { Double($0.height) > 1.5 * Double(rowHeight) }
        var own = 0, other = 0
        for y in bandTop..<bandBottom {
            for x in bandLeft..<bandRight {
                let label = components.labels[y * image.width + x]
                guard label != 0, !surfaces.contains(label) else { continue }
                if mine.contains(label) { own += 1 } else { other += 1 }
            }
        }
        let clutter = own + other > 0 ? Double(other) / Double(own + other) : 1
        return TextLine(characters: best, x: left, y: top, width: right - left, height: bottom - top,
                        characterHeight: characterHeight, clutter: clutter)
    }
}

extension Component {
    /// The vertical centre of its box.
    var centreY: Double { Double(y) + Double(height) / 2 }
}
