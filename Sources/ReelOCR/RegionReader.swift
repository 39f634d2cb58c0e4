import ReelVision

/// What reading a region gave.
public enum RegionReading: Sendable, Equatable {
    /// Text and Tesseract's confidence.
    case text(OCRText)
    /// Not read: the region cannot hold text (the reason says why).
    case skipped(String)
}

/// Reads the text in image regions: binarises them (dark ink on white, as Tesseract reads best),
/// skips those that cannot hold a line of text, cuts the line out, rescales it to the height
/// Tesseract reads best, and reads it. One reader per thread (it owns a Tesseract engine).
public final class RegionReader {
    public let engine: OCREngine
    public let options: ReadingOptions

    public init(engine: OCREngine, options: ReadingOptions) {
        self.engine = engine
        self.options = options
        engine.setSegmentation(options.segmentation)
        engine.setAllowedCharacters(options.tesseractCharacters)
    }

    /// Called with each image handed to Tesseract (for `--keep-prepared`).
    public var prepared: ((GrayImage) -> Void)?

    /// Reads a colour image: light text in its smallest channel, dark text in its largest
    /// (grey text over a saturated scene stands out there far more than in luma).
    public func read(_ image: RGBImage) -> RegionReading {
        read(Views(light: image.minimumChannel, dark: image.maximumChannel))
    }

    /// Reads a gray image.
    public func read(_ image: GrayImage) -> RegionReading {
        read(Views(light: image, dark: image))
    }

    /// The gray images light and dark text are looked for in.
    public struct Views: Sendable {
        public var light: GrayImage
        public var dark: GrayImage

        public init(light: GrayImage, dark: GrayImage) {
            self.light = light
            self.dark = dark
        }
    }

    /// Reads a region seen two ways.
    ///
    /// A single line is read word by word: Tesseract's line model lets the letters around a
    /// digit sway it (`LYO 0 - 0 ARS` reads `LYOO-OARS`), while each word on its own reads right.
    func read(_ image: Views) -> RegionReading {
        let reading = readPrepared(image)
        guard options.capitals, case .text(let read) = reading else { return reading }
        return .text(OCRText(text: read.text.uppercased(), confidence: read.confidence))
    }

    private func readPrepared(_ image: Views) -> RegionReading {
        switch Self.prepare(image, options: options) {
        case .skipped(let why):
            return .skipped(why)
        case .ready(let prepared):
            self.prepared?(prepared)
            guard options.segmentation == .singleLine, let height = options.characterHeight else {
                return .text(engine.recognize(prepared))
            }
            let words = Self.words(in: prepared, gap: max(4, height * 3 / 10))
            guard words.count > 1 else {
                return .text(engine.recognize(prepared))
            }
            // Each word as a line of its own (PSM 8, "a single word", drops letters: ZYS reads zs).
            let read = words.map { engine.recognize($0) }.filter { !$0.text.isEmpty }
            let text = read.map(\.text).joined(separator: " ")
            let confidence = read.map(\.confidence).min() ?? 0
            return .text(OCRText(text: text, confidence: confidence))
        }
    }

    /// The words of a prepared line (dark ink on white): runs of ink columns split where at
    /// least `gap` blank columns lie between them, each padded with white.
    static func words(in line: GrayImage, gap: Int) -> [GrayImage] {
        let inked = (0..<line.width).map { x in (0..<line.height).contains { line[x, $0] < 128 } }
        var spans: [(Int, Int)] = []
        var x = 0
        while x < line.width {
            guard inked[x] else { x += 1; continue }
            let start = x
            var end = x
            while x < line.width {
                if inked[x] {
                    end = x
                    x += 1
                } else if x - end <= gap {
                    x += 1
                } else {
                    break
                }
            }
            spans.append((start, end + 1))
        }
        let margin = 8
        return spans.map { start, end in
            line.cropped(x: start - margin, y: 0, width: end - start + 2 * margin, height: line.height)
        }
    }

    /// What `prepare` made of a region.
    public enum Preparation: Sendable, Equatable {
        case ready(GrayImage)
        case skipped(String)
    }

    /// The binarised, cut and rescaled image Tesseract will see, or why there is none.
    public static func prepare(_ image: GrayImage, options: ReadingOptions) -> Preparation {
        prepare(Views(light: image, dark: image), options: options)
    }

    /// The same for a region seen two ways (light text in `views.light`, dark in `views.dark`).
    public static func prepare(_ views: Views, options: ReadingOptions) -> Preparation {
        let probe = views.light
        guard probe.width >= 4, probe.height >= 4 else { return .skipped("region too small") }
        let polarities: [Bool]
        switch options.polarity {
        case .light: polarities = [true]
        case .dark: polarities = [false]
        case .auto: polarities = [true, false]
        }
        // Only the ways round with contrast, and with text that can be light (or dark) at all.
        let candidates = polarities.filter { light in
            let image = light ? views.light : views.dark
            let contrast = Int(image.percentile(0.98)) - Int(image.percentile(0.02))
            let possible = light ? image.percentile(0.995) >= 150 : image.percentile(0.005) <= 105
            return !options.gate || (contrast >= 48 && possible)
        }
        guard !candidates.isEmpty else { return .skipped("no contrast") }
        // Each way round, its threshold and its best line; the line with more characters wins
        // (light text first: most HUD text is).
        var best: (threshold: UInt8, light: Bool, line: TextLine)?
        for light in candidates {
            let image = light ? views.light : views.dark
            let threshold = self.threshold(image, light: light)
            let binary = image.thresholded(at: threshold, darkInk: !light)
            if let line = TextLine.find(in: binary), line.characters.count > best?.line.characters.count ?? 0 {
                best = (threshold, light, line)
            }
        }
        guard let (threshold, light, line) = best else {
            guard !options.gate else { return .skipped("no line of text") }
            let light = candidates[0]
            let image = light ? views.light : views.dark
            return .ready(image.thresholded(at: self.threshold(image, light: light), darkInk: !light).padded(by: 10, value: 255))
        }
        let image = light ? views.light : views.dark
        // The line with a margin of half a character around it.
        let margin = max(2, line.characterHeight / 2)
        var region = image.cropped(x: line.x - margin, y: line.y - margin, width: line.width + 2 * margin,
                                   height: line.height + 2 * margin)
        if let target = options.characterHeight {
            let scale = min(4, max(0.4, Double(target) / Double(max(1, line.characterHeight))))
            region = region.resized(width: max(1, Int((Double(region.width) * scale).rounded())),
                                    height: max(1, Int((Double(region.height) * scale).rounded())))
        }
        return .ready(region.thresholded(at: threshold, darkInk: !light).padded(by: 10, value: 255))
    }

    /// The threshold separating text from background: Otsu's split, but never more than 60
    /// levels from the text's extreme (the brightest pixels for light text, the darkest for
    /// dark), so a background brighter (or darker) than the text's surroundings stays out; and
    /// light text is light (128 up), dark text dark.
    static func threshold(_ image: GrayImage, light: Bool) -> UInt8 {
        let otsu = image.otsuThreshold()
        if light {
            let top = Int(image.percentile(0.995))
            return UInt8(max(Int(otsu), top - 60, 128))
        }
        let bottom = Int(image.percentile(0.005))
        return UInt8(min(Int(otsu), bottom + 61, 128))
    }
}
