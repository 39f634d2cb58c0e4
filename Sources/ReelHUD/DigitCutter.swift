import ReelVision

/// One digit cut out of a HUD image: the network's input and where it was.
public struct DigitCut: Sendable, Equatable {
    /// `DigitCutter.side` squared values, 0 (background) to 1 (ink), row by row.
    public var pixels: [Float]
    /// The digit's box in the HUD image.
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(pixels: [Float], x: Int, y: Int, width: Int, height: Int) {
        self.pixels = pixels
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}

/// Why no digits could be cut.
public enum DigitCutFailure: String, Sendable, Error {
    case noDigits = "no digits right of the skull"
    case tooManyDigits = "more than two digit shapes"
}

/// Cuts the kill count's digits out of the HUD, right of the skull.
///
/// Offsets are in skull heights, so it works at every resolution: the digits start within a
/// skull height right of it, sit on its baseline, and follow one another closely (a wider gap
/// ends the count: the spectator eye comes next). Ink is white or red (for 3 s after a change the
/// digits are red; in gray they vanish into the background, so colour images read best).
public struct DigitCutter: Sendable {
    /// Side of a digit's square network input.
    public static let side = 20

    public init() {}

    /// The digits right of `skull` in a colour image.
    ///
    /// The digits of a count are all white or all red: each colour is cut on its own (so a red
    /// patch of background cannot join white digits) and the cut that looks more like a count
    /// is kept.
    public func cut(_ image: RGBImage, skull: SkullLocation) -> Result<[DigitCut], DigitCutFailure> {
        var white = [UInt8](repeating: 0, count: image.width * image.height), red = white
        for index in 0..<(image.width * image.height) {
            let r = Int(image.pixels[3 * index]), g = Int(image.pixels[3 * index + 1]), b = Int(image.pixels[3 * index + 2])
            if min(r, g, b) >= 170 {
                white[index] = 255
            } else if r >= 215 && (40...108).contains(g) && (40...108).contains(b) && abs(g - b) <= 30 {
                // #FF4040 to #FF6060 after compression: a narrow red, apart from the scene's reds.
                red[index] = 255
            }
        }
        let cuts = [white, red].map { cut(mask: GrayImage(width: image.width, height: image.height, pixels: $0), skull: skull) }
        switch (cuts[0], cuts[1]) {
        case (.success(let a), .success(let b)):
            return .success(fit(a, skull) >= fit(b, skull) ? a : b)
        case (.success, _):
            return cuts[0]
        case (_, .success):
            return cuts[1]
        default:
            return cuts[0]
        }
    }

    /// How much cut digits look like a count right of the skull: as tall as it, starting about
    /// a space right of it (higher is better).
    private func fit(_ cuts: [DigitCut], _ skull: SkullLocation) -> Double {
        guard let first = cuts.first else { return -.infinity }
        let h = Double(skull.height)
        let start = abs(Double(first.x - skull.x - skull.width) - 0.35 * h) / h
        let heights = cuts.map { abs(Double($0.height) - 0.95 * h) / h }.reduce(0, +) / Double(cuts.count)
        return -(start + 2 * heights)
    }

    /// The digits right of `skull` in a gray image (white digits only).
    public func cut(_ image: GrayImage, skull: SkullLocation) -> Result<[DigitCut], DigitCutFailure> {
        cut(mask: GrayImage(width: image.width, height: image.height, pixels: image.pixels.map { $0 >= 170 ? 255 : 0 }),
            skull: skull)
    }

    /// The digits in an ink mask (255 ink, 0 background).
    func cut(mask: GrayImage, skull: SkullLocation) -> Result<[DigitCut], DigitCutFailure> {
        let h = Double(skull.height)
        let left = skull.x + skull.width
        let box = (x: left, y: max(0, skull.y - Int(0.3 * h)),
                   width: min(mask.width - left, Int(3.0 * h)), height: min(mask.height, skull.y + skull.height + Int(0.3 * h)) - max(0, skull.y - Int(0.3 * h)))
        guard box.width > 2, box.height > 2 else { return .failure(.noDigits) }
        let region = mask.cropped(x: box.x, y: box.y, width: box.width, height: box.height)
        let found = ConnectedComponents(region) { $0 == 255 }
        let baseline = Double(skull.y + skull.height - box.y)
        var shapes = found.components.filter { shape in
            let height = Double(shape.height)
            return height >= 0.55 * h && height <= 1.2 * h && Double(shape.width) <= 1.6 * h
                && abs(Double(shape.y + shape.height) - baseline) <= 0.35 * h && shape.width >= 1
        }.sorted { $0.x < $1.x }
        // The count starts within a skull height right of it; digits follow with small gaps.
        guard let first = shapes.first, Double(first.x) <= 1.0 * h else { return .failure(.noDigits) }
        var run = [first]
        for shape in shapes.dropFirst() {
            guard let last = run.last else { break }
            let gap = shape.x - (last.x + last.width)
            if gap < -2 { continue }  // overlapping the digit before: not a digit of the count
            guard Double(gap) <= 0.45 * h else { break }
            run.append(shape)
        }
        shapes = run
        // Two digits touching make one wide shape: split it where the least ink is.
        var pieces: [(component: Component, x: Int, width: Int)] = []
        for shape in shapes {
            if Double(shape.width) > 0.95 * h {
                let split = splitColumn(found, shape)
                pieces.append((shape, shape.x, split - shape.x))
                pieces.append((shape, split, shape.x + shape.width - split))
            } else {
                pieces.append((shape, shape.x, shape.width))
            }
        }
        guard pieces.count <= 2 else { return .failure(.tooManyDigits) }
        return .success(pieces.map { piece in
            normalised(found, piece.component, x: piece.x, width: piece.width, offset: (box.x, box.y))
        })
    }

    /// The column of a wide shape, within its middle half, with the least of its ink.
    private func splitColumn(_ found: ConnectedComponents, _ shape: Component) -> Int {
        let label = Int32(shape.label)
        var best = shape.x + shape.width / 2, fewest = Int.max
        for x in (shape.x + shape.width / 4)..<(shape.x + 3 * shape.width / 4) {
            let ink = (shape.y..<(shape.y + shape.height)).filter { found.labels[$0 * found.width + x] == label }.count
            if ink < fewest {
                fewest = ink
                best = x
            }
        }
        return best
    }

    /// A digit's pixels (of its own shape only) scaled to 16 pixels tall, centred in the square.
    private func normalised(_ found: ConnectedComponents, _ shape: Component, x: Int, width: Int,
                            offset: (Int, Int)) -> DigitCut {
        let label = Int32(shape.label)
        var digit = GrayImage(width: width, height: shape.height)
        for row in 0..<shape.height {
            for column in 0..<width where found.labels[(shape.y + row) * found.width + x + column] == label {
                digit[column, row] = 255
            }
        }
        let side = Self.side, tall = 16
        let scale = Double(tall) / Double(shape.height)
        let scaledWidth = max(1, min(side - 2, Int((Double(width) * scale).rounded())))
        let scaled = digit.resized(width: scaledWidth, height: tall)
        var pixels = [Float](repeating: 0, count: side * side)
        let left = (side - scaledWidth) / 2, top = (side - tall) / 2
        for row in 0..<tall {
            for column in 0..<scaledWidth {
                pixels[(top + row) * side + left + column] = Float(scaled[column, row]) / 255
            }
        }
        return DigitCut(pixels: pixels, x: x + offset.0, y: shape.y + offset.1, width: width, height: shape.height)
    }
}
