import ReelVision

/// What reading a region gave.
public enum RegionReading: Sendable, Equatable {
    /// Text and Tesseract's confidence.
    case text(OCRText)
    /// Not read: the region holds no line of text (the reason says why).
    case skipped(String)
    /// A line was there, but nothing was read with confidence (the best confidence met).
    case unread(Int)
}

/// Reads the text in image regions. One reader per thread (it owns a Tesseract engine).
///
/// A region is looked at in each view its text may stand out in (`TextViews`: white, light of
/// any colour, dark), shrunk, for the best row of character-like shapes (`LineFinder`). When
/// the frame alone shows no clean line, the views are fused with the neighbouring frames'
/// (text stands still while the scene moves) and looked at again. The best line is cut out
/// at full resolution, binarised, rescaled to the height Tesseract reads best and read word by
/// word; a reading below the least confidence tries the next best line, and ends `unread`
/// rather than as invented text. Tesseract runs only where a line was found (of as many
/// character shapes as the region's texts need, `leastCharacters`), and a line (or
/// word) that looks exactly like one read before is not read again.
public final class RegionReader {
    /// Makes the Tesseract engine, the first time a line is read (loading it costs about
    /// 150 ms, and many runs never need it).
    private let makeEngine: () -> OCREngine?
    private var madeEngine: OCREngine??
    public let options: ReadingOptions
    private var cache = ReadingCache(capacity: 512)

    public convenience init(engine: OCREngine, options: ReadingOptions) {
        self.init(options: options, makeEngine: { engine })
    }

    /// A reader whose engine is made when first needed (nil: none can be made, and lines read
    /// as empty).
    public init(options: ReadingOptions, makeEngine: @escaping () -> OCREngine?) {
        self.options = options
        self.makeEngine = makeEngine
    }

    /// The engine, made and set up on first use.
    private var engine: OCREngine? {
        if let made = madeEngine { return made }
        let made = makeEngine()
        made?.setSegmentation(options.segmentation)
        made?.setAllowedCharacters(options.tesseractCharacters)
        madeEngine = .some(made)
        return made
    }

    /// Called with each image handed to Tesseract (for `--keep-prepared`).
    public var prepared: ((GrayImage) -> Void)?

    /// Reads a colour region; `neighbours` gives the same region in the frames around it (only
    /// asked for when the frame alone shows no clean line); `textHeights`, when known, how tall
    /// (in pixels) the region's capitals are.
    public func read(_ image: RGBImage, neighbours: () -> [RGBImage] = { [] },
                     textHeights: ClosedRange<Double>? = nil) -> RegionReading {
        let polarity = options.polarity, height = LineFinder.detectionHeight
        return read(TextViews(image, polarity: polarity, detectionHeight: height),
                    neighbours: { neighbours().map { TextViews($0, polarity: polarity, detectionHeight: height) } },
                    textHeights: textHeights)
    }

    /// Reads a gray region; `neighbours` gives the same region in the frames around it.
    public func read(_ image: GrayImage, neighbours: () -> [GrayImage] = { [] },
                     textHeights: ClosedRange<Double>? = nil) -> RegionReading {
        let polarity = options.polarity, height = LineFinder.detectionHeight
        return read(TextViews(image, polarity: polarity, detectionHeight: height),
                    neighbours: { neighbours().map { TextViews($0, polarity: polarity, detectionHeight: height) } },
                    textHeights: textHeights)
    }

    /// The views of a colour region as this reader looks at them (to keep and reuse for a
    /// frame that is a neighbour of several).
    public func views(of image: RGBImage) -> TextViews {
        TextViews(image, polarity: options.polarity, detectionHeight: LineFinder.detectionHeight)
    }

    /// The views of a gray region as this reader looks at them.
    public func views(of image: GrayImage) -> TextViews {
        TextViews(image, polarity: options.polarity, detectionHeight: LineFinder.detectionHeight)
    }

    /// Reads a region's views; the neighbours' views are asked for only when needed.
    public func read(_ views: TextViews, neighbours: () -> [TextViews], textHeights: ClosedRange<Double>? = nil) -> RegionReading {
        var frames = [views]
        // Lines of another size are not the region's text (a measured height runs a little over
        // the capitals': outlines, shadows, rounding at the shrunk scale).
        let sizes = textHeights.map { (0.75 * $0.lowerBound)...(1.35 * $0.upperBound + 2) }
        let found = Self.candidates(views, neighbours: {
            frames += neighbours().filter { views.matches($0) }
            return Array(frames.dropFirst())
        }, gate: options.gate, sizes: sizes)
        let candidates = found.filter { $0.characters >= options.leastCharacters }
        if candidates.isEmpty, !found.isEmpty {
            return .skipped("no line of \(options.leastCharacters) characters or more")
        }
        guard !candidates.isEmpty else {
            guard !options.gate else { return .skipped("no line of text") }
            // Ungated: the whole region, in the first view allowed.
            guard let view = views.views.first else { return .skipped("no view") }
            let image = views.full(view, x: 0, y: 0, width: views.width, height: views.height)
            let threshold = LineFinder.inkThreshold(image, view: view)
            return finish(recognize(image.thresholded(at: threshold).padded(by: 10, value: 255), characterHeight: nil))
        }
        var best: OCRText?
        // The best line, and the next best elsewhere (the same line seen in two views is read once).
        var tried: [LineCandidate] = []
        for candidate in candidates {
            guard tried.count < 2 else { break }
            guard !tried.contains(where: { $0.overlaps(candidate) }) else { continue }
            tried.append(candidate)
            // A line found fused is read from what the frames all show bright, then, when that
            // reads unsure, from what stands still in them (either may keep the text better:
            // a bright patch of a moving scene survives the first, a coder's shimmer on the
            // letters' edges over a black-and-white scene thins them in the second).
            let stillness: [Bool] = candidate.isStill ? [true] : candidate.sources.count > 1 ? [false, true] : [false]
            for keepingStill in stillness {
                let read = recognize(Self.prepare(candidate, frames: frames, options: options, keepingStill: keepingStill),
                                     characterHeight: options.characterHeight)
                if read.confidence >= options.minimumConfidence, !read.text.isEmpty {
                    return finish(read)
                }
                if read.confidence > best?.confidence ?? -1 { best = read }
            }
        }
        // Unsure still: the best line again at Otsu's split of its own box, when that is well under
        // the usual threshold (light text smeared grey by the coder, among specks of a
        // black-and-white scene as bright as its brightest part).
        if let first = tried.first, first.sources.count > 1,
           let fused = Self.loweredLook(first, frames: frames, options: options) {
            let read = recognize(fused, characterHeight: options.characterHeight)
            if read.confidence >= options.minimumConfidence, !read.text.isEmpty {
                return finish(read)
            }
            if read.confidence > best?.confidence ?? -1 { best = read }
        }
        // Unsure still: the best line as the hue view shows it, when that found it too (green
        // text over green and black cells: the colour view keeps the cells' edges with the
        // letters, the hue view only the letters).
        if let first = tried.first, first.view != .hue,
           let other = candidates.first(where: { $0.view == .hue && $0.overlaps(first) }) {
            let read = recognize(Self.prepare(other, frames: frames, options: options), characterHeight: options.characterHeight)
            if read.confidence >= options.minimumConfidence, !read.text.isEmpty {
                return finish(read)
            }
            if read.confidence > best?.confidence ?? -1 { best = read }
        }
        return .unread(best?.confidence ?? 0)
    }

    private func finish(_ read: OCRText) -> RegionReading {
        guard read.confidence >= options.minimumConfidence, !read.text.isEmpty else { return .unread(read.confidence) }
        var text = Self.numbersWithoutO(options.capitals ? read.text.uppercased() : read.text)
        // Letters allowed to Tesseract only as what a 0 looks like are zeros.
        let lookalikes = options.zeroLookalikes
        if !lookalikes.isEmpty {
            text = String(text.map { lookalikes.contains($0.uppercased()) ? "0" : $0 })
        }
        return .text(OCRText(text: text, confidence: read.confidence))
    }

    /// The text with an O or a Q read as a 0 in each word of digits, dashes and colons that has
    /// a digit (a score `O-1` or `Q-1`, a time `1O:05`): Tesseract, allowed letters, takes a 0
    /// for an O there, and a smeared 0 for a Q.
    package static func numbersWithoutO(_ text: String) -> String {
        let numeric = Set("0123456789OQ-:")
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            guard word.contains(where: { $0 == "O" || $0 == "Q" }), word.contains(where: \.isNumber),
                  word.allSatisfy({ numeric.contains($0) }) else {
                return String(word)
            }
            return String(word.map { $0 == "O" || $0 == "Q" ? "0" : $0 })
        }
        return words.joined(separator: " ")
    }

    /// The lines worth reading, best first: the frame's own; when none is clean, also those of
    /// the frame fused with all its neighbours and, when that shows none clean either, with each.
    static func candidates(_ views: TextViews, neighbours: () -> [TextViews], gate: Bool,
                           sizes: ClosedRange<Double>? = nil) -> [LineCandidate] {
        let minimumQuality = 1.5
        func sized(_ lines: [LineCandidate]) -> [LineCandidate] {
            guard let sizes else { return lines }
            return lines.filter { sizes.contains(Double($0.characterHeight)) }
        }
        var found = sized(LineFinder.candidates(in: views.small, factor: views.factor, sources: [0]))
        if !(found.first?.isClean ?? false) {
            let others = neighbours()
            if others.count > 1 {
                var all = views.small
                for other in others {
                    for (view, image) in all { all[view] = other.small[view].map { image.minimum($0) } ?? image }
                }
                found += sized(LineFinder.candidates(in: all, factor: views.factor, sources: Array(0...others.count)))
            }
            if !others.isEmpty, !found.contains(where: \.isClean) {
                // Text as bright as the scene in every view (green over a saturated rainbow)
                // is still where the scene moves: what stays the same in every view.
                let still = StillFusion.small(views.small, others.map(\.small))
                found += sized(LineFinder.candidates(in: still, factor: views.factor, sources: Array(0...others.count))
                    .map { var line = $0; line.isStill = true; return line })
            }
            if !found.contains(where: \.isClean) {
                for (index, other) in others.enumerated() {
                    var pair = views.small
                    for (view, image) in pair { pair[view] = other.small[view].map { image.minimum($0) } ?? image }
                    found += sized(LineFinder.candidates(in: pair, factor: views.factor, sources: [0, index + 1]))
                }
            }
        }
        return found.filter { !gate || $0.quality >= minimumQuality }
            .sorted { $0.quality != $1.quality ? $0.quality > $1.quality : ($0.isAlone && !$1.isAlone) }
    }

    /// The image Tesseract sees for a line: cut with a margin of half a character from the
    /// views it was found in (fused there when it was found fused), binarised in its own box,
    /// rescaled to the wanted character height, cleaned of specks, dark ink on white, padded.
    public static func prepare(_ line: LineCandidate, frames: [TextViews], options: ReadingOptions,
                               keepingStill: Bool = false) -> GrayImage {
        prepared(line, frames: frames, options: options, keepingStill: keepingStill, lowered: false)
            ?? GrayImage(width: 1, height: 1, value: 255)
    }

    /// The image of `prepare`; with `lowered`, binarised at Otsu's split of the line's box
    /// instead, or nil when that is not well under the usual threshold.
    static func prepared(_ line: LineCandidate, frames: [TextViews], options: ReadingOptions,
                         keepingStill: Bool, lowered: Bool) -> GrayImage? {
        let margin = max(2, line.characterHeight / 2)
        let box = (x: line.x - margin, y: line.y - margin, width: line.width + 2 * margin, height: line.height + 2 * margin)
        var region: GrayImage?
        let sources = line.sources.filter { $0 < frames.count }.map { frames[$0] }
        if sources.count > 1, keepingStill || line.isStill {
            // Only what stands still in every frame (what all show bright but moves is the
            // scene, and a bright patch of it would set the threshold above the text).
            region = StillFusion.full(line.view, of: sources, x: box.x, y: box.y, width: box.width, height: box.height,
                                      minimum: !line.isStill)
        } else {
            for part in sources.map({ $0.full(line.view, x: box.x, y: box.y, width: box.width, height: box.height) })
                where part.width > 0 && part.height > 0 {
                region = region.map { $0.width == part.width && $0.height == part.height ? $0.minimum(part) : $0 } ?? part
            }
        }
        guard var region, region.width > 0, region.height > 0 else { return lowered ? nil : GrayImage(width: 1, height: 1, value: 255) }
        var threshold = LineFinder.inkThreshold(region, view: line.view)
        if let split = line.splitAbove { threshold = max(split, threshold) }
        if lowered {
            let otsu = LineFinder.loweredInkThreshold(region, view: line.view)
            guard Int(otsu) + 16 <= Int(threshold) else { return nil }
            threshold = otsu
        }
        var characterHeight = Double(line.characterHeight)
        var scale = 1.0
        if let target = options.characterHeight {
            scale = min(4, max(0.4, Double(target) / Double(max(1, line.characterHeight))))
            region = region.resized(width: max(1, Int((Double(region.width) * scale).rounded())),
                                    height: max(1, Int((Double(region.height) * scale).rounded())))
            characterHeight *= scale
        }
        // The row itself lies `margin` down from the cut's top, `height` tall (scaled).
        let row = (top: Double(line.y - box.y) * scale, bottom: Double(line.y - box.y + line.height) * scale)
        var binary = region.thresholded(at: threshold)
        if line.clutter > 0.1, characterHeight >= 20 {
            // Thin lines of the scene tangled with the letters: an opening (thinning, then
            // growing back) takes off what is thinner than three pixels; bold strokes stay.
            binary = binary.dilated().eroded()
        }
        let cleaned = Self.despeckled(Self.onRow(binary, row: row), characterHeight: characterHeight)
        return cleaned.padded(by: 10, value: 255)
    }

    /// The line prepared at the lowered threshold, when that differs enough from the usual one.
    static func loweredLook(_ line: LineCandidate, frames: [TextViews], options: ReadingOptions) -> GrayImage? {
        guard line.splitAbove == nil, line.view != .colour, line.view != .hue, line.view != .boxed else { return nil }
        return prepared(line, frames: frames, options: options, keepingStill: false, lowered: true)
    }

    /// A binary line (dark ink on white) with only the shapes of its row: those whose middle
    /// lies on the row's band and that are no taller than half again the row. The scene above
    /// and below the text, which the cut's margin takes in, goes.
    static func onRow(_ line: GrayImage, row: (top: Double, bottom: Double)) -> GrayImage {
        let band = row.bottom - row.top
        let shapes = ConnectedComponents(line) { $0 == 0 }
        let off = ComponentSet(shapes) { shape in
            let middle = Double(shape.y) + Double(shape.height) / 2
            return middle < row.top - 0.15 * band || middle > row.bottom + 0.15 * band || Double(shape.height) > 1.5 * band
        }
        guard !off.isEmpty else { return line }
        var cleaned = line
        for index in cleaned.pixels.indices where off.contains(shapes.labels[index]) {
            cleaned.pixels[index] = 255
        }
        return cleaned
    }

    /// A binary line (dark ink on white) without the specks of the scene around its characters:
    /// shapes smaller than a seventh of a character each way (a colon's dots are bigger), which Tesseract would read as
    /// marks and let split the words.
    static func despeckled(_ line: GrayImage, characterHeight: Double) -> GrayImage {
        let smallest = max(2, Int(characterHeight / 7))
        let shapes = ConnectedComponents(line) { $0 == 0 }
        let specks = ComponentSet(shapes) { max($0.width, $0.height) < smallest }
        guard !specks.isEmpty else { return line }
        var cleaned = line
        for index in cleaned.pixels.indices where specks.contains(shapes.labels[index]) {
            cleaned.pixels[index] = 255
        }
        return cleaned
    }

    /// Reads a prepared line: word by word when it is a single line (Tesseract's line model
    /// lets the letters around a digit sway it: `LYO 0 - 0 ARS` reads `LYOO-OARS`), each word
    /// read once per look.
    private func recognize(_ line: GrayImage, characterHeight: Int?) -> OCRText {
        prepared?(line)
        guard options.segmentation == .singleLine, let height = characterHeight else {
            return cached(line)
        }
        let gap = max(4, height * 3 / 10)
        let read = recognizeWords(line, gap: gap, characterHeight: height)
        // A speck of the scene or a box's edge a word's gap off either end of the line: read
        // with it, a sure REPLAY scores 0. Read again without.
        guard read.confidence < options.minimumConfidence, let trimmed = Self.withoutEndMarks(line, gap: gap) else {
            return read
        }
        prepared?(trimmed)
        let again = recognizeWords(trimmed, gap: gap, characterHeight: height)
        return again.confidence > read.confidence ? again : read
    }

    private func recognizeWords(_ line: GrayImage, gap: Int, characterHeight: Int) -> OCRText {
        let words = Self.words(in: line, gap: gap, characterHeight: characterHeight)
        guard words.count > 1 else { return cached(line) }
        // Each word as a line of its own (PSM 8, "a single word", drops letters: ZYS reads zs).
        let read = words.map { cached($0) }.filter { !$0.text.isEmpty }
        let text = read.map(\.text).joined(separator: " ")
        // The words' confidence, each weighing as many characters as it has.
        let characters = read.reduce(0) { $0 + $1.text.count }
        let confidence = characters > 0 ? read.reduce(0) { $0 + $1.confidence * $1.text.count } / characters : 0
        return OCRText(text: text, confidence: confidence)
    }

    /// A prepared line without the marks narrower than `gap` that stand more than `gap` off its
    /// first or last word (nil when it has none).
    static func withoutEndMarks(_ line: GrayImage, gap: Int) -> GrayImage? {
        let spans = inkSpans(line, gap: gap)
        var kept = spans[...]
        if kept.count > 1, let first = kept.first, first.1 - first.0 <= gap { kept = kept.dropFirst() }
        if kept.count > 1, let last = kept.last, last.1 - last.0 <= gap { kept = kept.dropLast() }
        guard kept.count < spans.count, let first = kept.first, let last = kept.last else { return nil }
        let margin = 10
        var cut = GrayImage(width: last.1 - first.0 + 2 * margin, height: line.height, value: 255)
        for y in 0..<line.height {
            for x in first.0..<last.1 { cut[x - first.0 + margin, y] = line[x, y] }
        }
        return cut
    }

    /// The runs of ink columns of a prepared line (dark ink on white), split where more than
    /// `gap` blank columns lie between them: (first column, one past the last).
    static func inkSpans(_ line: GrayImage, gap: Int) -> [(Int, Int)] {
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
        return spans
    }

    private func cached(_ image: GrayImage) -> OCRText {
        guard let engine else { return OCRText(text: "", confidence: 0) }
        let key = ReadingCache.Key(image)
        if let known = cache[key] { return known }
        let read = engine.recognize(image)
        cache[key] = read
        return read
    }

    /// The words of a prepared line (dark ink on white): runs of ink columns split where at
    /// least `gap` blank columns lie between them, each padded with white. Characters
    /// `characterHeight` tall (when known) that stand alone, each less than a character's
    /// height from the next (a score's `1 - 0`), make one word: alone, a digit or a dash
    /// reads as anything or nothing.
    static func words(in line: GrayImage, gap: Int, characterHeight: Int? = nil) -> [GrayImage] {
        var spans = inkSpans(line, gap: gap)
        // Lone characters beside a mark (no wider than half a character: a dash, a colon, a
        // 1), less than a character's height apart, go together first (a score's `1 - 0`: the
        // 1 is no mark of the word before it, and the dash no word of its own; but `CHE 0 - 0`
        // keeps its E).
        if let height = characterHeight {
            let glyph = height
            var grouped: [(span: (Int, Int), lone: Bool, endsInMark: Bool)] = []
            for span in spans {
                let width = span.1 - span.0
                let lone = width <= glyph, mark = 2 * width <= height
                if lone, let last = grouped.last, last.lone, mark || last.endsInMark, span.0 - last.span.1 < height {
                    grouped[grouped.count - 1].span.1 = span.1
                    grouped[grouped.count - 1].endsInMark = mark
                } else {
                    grouped.append((span, lone, mark))
                }
            }
            spans = grouped.map(\.span)
        }
        // A mark narrower than a gap (a colon, a dash) is no word of its own: Tesseract reads
        // one alone as anything. It goes with the words on either side.
        var merged: [(Int, Int)] = []
        var index = 0
        while index < spans.count {
            var span = spans[index]
            while index + 1 < spans.count, span.1 - span.0 <= gap || spans[index + 1].1 - spans[index + 1].0 <= gap {
                index += 1
                span = (span.0, spans[index].1)
            }
            merged.append(span)
            index += 1
        }
        let margin = 8
        return merged.map { start, end in
            line.cropped(x: start - margin, y: 0, width: end - start + 2 * margin, height: line.height)
        }
    }
}
