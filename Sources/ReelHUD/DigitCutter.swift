import ReelProfile
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
    case noDigits = "no digits beside the icon"
    case tooManyDigits = "more digit shapes than the counter has"
}

/// Cuts a counter's digits out of a HUD crop, in a box placed relative to its icon.
///
/// The box (`Profile.DigitBox`) is in icon heights, so it holds at every resolution. Inside it,
/// each pixel gets an ink value (how much it looks like one of the ink colours, or how light or
/// dark it is), Otsu's split separates ink from the rest, and the digits are the shapes of one
/// height on one baseline that follow each other closely, starting next to the icon (a wider gap
/// ends the number: a spectator count may come next). Shapes touching the box's top or bottom
/// are the scene, not digits. Each digit is scaled to 16 pixels tall in a 20 x 20 square, the
/// network's input.
public struct DigitCutter: Sendable {
    /// Side of a digit's square network input.
    public static let side = 20

    public var placement: Profile.DigitBox
    public var ink: Profile.Ink
    public var maxDigits: Int

    /// The spec's kill count: right of the skull, white (red for 3 s after a change).
    public static let spec = DigitCutter(placement: .right, ink: .colours([[255, 255, 255], [255, 80, 80]]), maxDigits: 2)

    public init(placement: Profile.DigitBox = .right, ink: Profile.Ink = .light, maxDigits: Int = 3) {
        self.placement = placement
        self.ink = ink
        self.maxDigits = maxDigits
    }

    /// A cutter for a profile's counter.
    public init(counter: Profile.Counter) {
        self.init(placement: counter.digits, ink: counter.ink, maxDigits: counter.maxDigits)
    }

    /// The digits' box for an icon, clipped to an image of `width` x `height`; nil when nothing
    /// of it is inside.
    public func box(for icon: SkullLocation, width: Int, height: Int) -> (x: Int, y: Int, width: Int, height: Int)? {
        let h = Double(icon.height)
        let x0 = icon.x + icon.width + Int((placement.x * h).rounded())
        let y0 = icon.y + Int((placement.y * h).rounded())
        let x1 = x0 + Int((placement.w * h).rounded()), y1 = y0 + Int((placement.h * h).rounded())
        let cx0 = max(0, x0), cy0 = max(0, y0), cx1 = min(width, x1), cy1 = min(height, y1)
        guard cx1 - cx0 >= 3, cy1 - cy0 >= 3 else { return nil }
        return (cx0, cy0, cx1 - cx0, cy1 - cy0)
    }

    /// The ink maps of a box of a colour image: one per ink colour (the digits of a number are
    /// all of one colour, so a patch of the scene in another cannot join them), or the box's
    /// lightness or darkness. Values 0 to 255, ink high.
    public func inkMaps(_ image: RGBImage, box: (x: Int, y: Int, width: Int, height: Int)) -> [FloatImage] {
        let region = image.cropped(x: box.x, y: box.y, width: box.width, height: box.height)
        switch ink {
        case .colours(let colours):
            let plain = colours.map { region.similarity(to: (Float($0[0]), Float($0[1]), Float($0[2]))) }
            // A saturated ink (a red count) is also taken in its darker shades: smeared by the
            // coder into a dark scene, a red 9's loop falls far from the red itself (and a
            // crimson patch of the scene comes near it, so the plain map stays first).
            let shaded = colours.filter(Self.isSaturated).map {
                region.similarity(to: (Float($0[0]), Float($0[1]), Float($0[2])), shades: 0.5...1.2)
            }
            return plain + shaded
        case .light:
            return [FloatImage(region.gray)]
        case .dark:
            return [FloatImage(width: region.width, height: region.height, values: region.gray.pixels.map { 255 - Float($0) })]
        }
    }

    /// The ink colour of each map `inkMaps` gives, by its index in the colours (a saturated
    /// colour's darker shades are a second map of the same colour); [0] for light or dark ink.
    public var inkMapColours: [Int] {
        guard case .colours(let colours) = ink else { return [0] }
        return Array(colours.indices) + colours.indices.filter { Self.isSaturated(colours[$0]) }
    }

    /// Whether an ink colour is saturated (its largest channel at least two fifths above its
    /// smallest).
    static func isSaturated(_ colour: [Int]) -> Bool {
        guard let high = colour.max(), let low = colour.min(), high > 0 else { return false }
        return 5 * (high - low) >= 2 * high
    }

    /// The digits beside `icon` in a colour image (the first way of splitting ink from the rest
    /// that gives any).
    public func cut(_ image: RGBImage, icon: SkullLocation) -> Result<[DigitCut], DigitCutFailure> {
        let all = candidates(image, icon: icon)
        return all.first { (try? $0.get()) != nil } ?? all.first ?? .failure(.noDigits)
    }

    /// The digits beside `icon` cut in each ink map at each threshold from Otsu's up: where
    /// the scene around the digits is almost as inky as they are, only a stricter threshold
    /// parts them.
    public func candidates(_ image: RGBImage, icon: SkullLocation) -> [Result<[DigitCut], DigitCutFailure>] {
        candidatesByInkMap(image, icon: icon).flatMap { $0 }
    }

    /// The cuts of `candidates`, one list per ink map (each from Otsu's threshold up).
    public func candidatesByInkMap(_ image: RGBImage, icon: SkullLocation) -> [[Result<[DigitCut], DigitCutFailure>]] {
        guard let box = box(for: icon, width: image.width, height: image.height) else { return [[.failure(.noDigits)]] }
        return inkMaps(image, box: box).map { candidates(inkMap: $0, at: (box.x, box.y), icon: icon) }
    }

    /// The digits beside `icon` in what both `image` and `other` show (the pixel-wise minimum of
    /// their ink): the still HUD stays, a moving scene mostly goes. `otherIcon` is where the icon
    /// is in `other`; nil when the two do not line up.
    public func cut(_ image: RGBImage, icon: SkullLocation, fusedWith other: RGBImage, otherIcon: SkullLocation)
        -> Result<[DigitCut], DigitCutFailure>?
    {
        guard other.width == image.width, other.height == image.height, otherIcon.height == icon.height,
              abs(otherIcon.x - icon.x) <= 1, abs(otherIcon.y - icon.y) <= 1,
              let box = box(for: icon, width: image.width, height: image.height),
              let otherBox = self.box(for: otherIcon, width: image.width, height: image.height),
              otherBox.width == box.width, otherBox.height == box.height else { return nil }
        let fused = zip(inkMaps(image, box: box), inkMaps(other, box: otherBox)).map { $0.minimum($1) }
        return fused.lazy.compactMap { map in
            self.candidates(inkMap: map, at: (box.x, box.y), icon: icon).first { (try? $0.get()) != nil }
        }.first
    }

    /// Cuts of an ink map at Otsu's threshold (or the floor) and at stricter ones.
    func candidates(inkMap map: FloatImage, at origin: (x: Int, y: Int), icon: SkullLocation) -> [Result<[DigitCut], DigitCutFailure>] {
        let gray = map.gray
        let first = max(gray.otsuThreshold(), floor)
        var thresholds = [first]
        var next = Int(first) + 16
        while next <= 232, thresholds.count < 6 {
            thresholds.append(UInt8(next))
            next += 16
        }
        return thresholds.map { cut(gray, threshold: $0, at: origin, icon: icon) }
    }

    /// The digits in an ink map (as gray) of the box whose top-left corner is `origin` in the
    /// crop, ink above `threshold`.
    func cut(_ gray: GrayImage, threshold: UInt8, at origin: (x: Int, y: Int), icon: SkullLocation) -> Result<[DigitCut], DigitCutFailure> {
        let map = (width: gray.width, height: gray.height)
        // The two sides of the threshold must differ: a box of one flat colour holds no digits.
        let inkValues = gray.pixels.filter { $0 > threshold }, rest = gray.pixels.filter { $0 <= threshold }
        guard !inkValues.isEmpty, !rest.isEmpty else { return .failure(.noDigits) }
        let contrast = Double(inkValues.reduce(0) { $0 + Int($1) }) / Double(inkValues.count)
            - Double(rest.reduce(0) { $0 + Int($1) }) / Double(rest.count)
        guard contrast >= 40 else { return .failure(.noDigits) }
        let found = ConnectedComponents(gray) { $0 > threshold }
        let boxHeight = Double(map.height)
        // Candidate shapes: inside the box vertically, tall enough to be a digit.
        let shapes = found.components.filter { shape in
            shape.y > 0 && shape.y + shape.height < map.height
                && Double(shape.height) >= 0.28 * boxHeight && shape.area >= 4
        }
        guard let anchor = shapes.max(by: { $0.height < $1.height }) else { return .failure(.noDigits) }
        let h = Double(anchor.height)
        let bottom = Double(anchor.y + anchor.height)
        let row = shapes.filter { shape in
            Double(shape.height) >= 0.6 * h && abs(Double(shape.y + shape.height) - bottom) <= 0.25 * h
                && Double(shape.width) <= 2.2 * h
        }.sorted { $0.x < $1.x }
        guard !row.isEmpty else { return .failure(.noDigits) }
        // The number starts next to the icon: the shape nearest to it, then its close neighbours.
        let iconSide = Double(icon.x + icon.width / 2 - origin.x)
        let rightOfIcon = iconSide <= Double(map.width) / 2
        guard let nearest = rightOfIcon ? row.first : row.last else { return .failure(.noDigits) }
        let distance = rightOfIcon ? Double(nearest.x) : Double(map.width - nearest.x - nearest.width)
        guard distance <= max(1.2 * h, 0.3 * Double(map.width)) else { return .failure(.noDigits) }
        var run = [nearest]
        let ordered = rightOfIcon ? Array(row.dropFirst()) : Array(row.dropLast().reversed())
        for shape in ordered {
            guard let last = run.last else { break }
            let gap = rightOfIcon ? shape.x - (last.x + last.width) : last.x - (shape.x + shape.width)
            if gap < -2 { continue }  // overlapping the digit before: not a digit of the number
            guard Double(gap) <= 0.45 * h else { break }
            run.append(shape)
        }
        run.sort { $0.x < $1.x }
        // Two digits touching make one wide shape: split it where the least ink is, unless a
        // piece would be narrower than any digit is (a 1 of Roboto Condensed Bold is 0.38 of its
        // height): a 7 whose stem the coder erased leaves a wide top bar, not a 1 and a 7.
        var pieces: [(component: Component, x: Int, width: Int)] = []
        for shape in run {
            let split = Double(shape.width) > 0.95 * Double(shape.height) ? splitColumn(found, shape) : nil
            if let split, 10 * min(split - shape.x, shape.x + shape.width - split) >= 3 * shape.height {
                pieces.append((shape, shape.x, split - shape.x))
                pieces.append((shape, split, shape.x + shape.width - split))
            } else {
                pieces.append((shape, shape.x, shape.width))
            }
        }
        guard pieces.count <= maxDigits else { return .failure(.tooManyDigits) }
        return .success(pieces.map { piece in
            normalised(found, piece.component, x: piece.x, width: piece.width, offset: origin)
        })
    }

    /// The least ink value that can be ink: colour matches must be close, light or dark ink
    /// only has to stand out.
    private var floor: UInt8 {
        if case .colours = ink { return 140 }
        return 0
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
                            offset: (x: Int, y: Int)) -> DigitCut {
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
        return DigitCut(pixels: pixels, x: x + offset.x, y: shape.y + offset.y, width: width, height: shape.height)
    }
}
