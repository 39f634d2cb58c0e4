import ReelCore
import ReelVision

/// Adds `kills` (the counter's value) to frame records that carry `skull`: one reader per
/// thread (it owns a network).
///
/// The digits are read in the frame itself first; when that fails or is unsure, in what the
/// frame and a neighbour with the icon at the same place both show (the still HUD stays, the
/// moving scene goes), and the surest reading wins.
public final class CounterReader {
    public let region: String
    public let cutter: DigitCutter
    private let classifier: DigitClassifier
    /// Every digit at least this probable: the frame's own reading is taken without neighbours.
    public var sureProbability = 0.9

    public init(region: String, cutter: DigitCutter, weights: CNNWeights) {
        self.region = region
        self.cutter = cutter
        classifier = DigitClassifier(weights: weights)
    }

    /// The record with `kills: {value, digits, conf}`, or `kills: null` and `kills_reason`; and
    /// the problem met, if any.
    public func annotate(_ record: Record, neighbours: [Record] = []) -> (Record, ToolError?) {
        guard record.type == "frame" else { return (record, nil) }
        let annotated = record
        func none(_ reason: String, _ problem: ToolError? = nil) -> (Record, ToolError?) {
            var frame = FrameRecord(unchecked: annotated)
            frame.setNoKills(reason: reason)
            return (frame.record, problem)
        }
        guard let icon = SkullLocation(record: record) else {
            switch FrameRecord(unchecked: record).icon {
            case .absent: return none("no skull field (run skull-find first)")
            case .notFound: return none("no icon")
            case .found, .outOfRange:
                // A skull no image can hold (numbers beyond any picture, or not numbers): said.
                let reason = "skull out of range: x, y, w, h must be whole numbers from 0 to \(Record.maximumSide)"
                return none("skull out of range", ToolError(reason, at: record.framePlace, failure: .badInput))
            }
        }
        guard let crop = record.crop(region) else {
            return none("no crop named \(region)", ToolError("no crop named \(region)", at: record.framePlace, failure: .badInput))
        }
        let image: RGBImage
        do {
            image = try ImageFile.readRGB(path: crop.path)
        } catch {
            return none(error.reason, ToolError(error.reason, at: error.location, failure: .badInput))
        }
        let inks = cutter.inkMapColours
        var reading = widest(cutter.candidatesByInkMap(image, icon: icon).enumerated().map { map, cuts in
            // Per ink map, the thresholds from Otsu's up until one reads sure (a stricter one
            // only cuts less of the same ink).
            var readings: [Candidate] = []
            for cut in cuts {
                readings.append(Candidate(cuts: (try? cut.get()) ?? [], reading: read(cut), ink: map < inks.count ? inks[map] : map))
                if isSure(readings[readings.count - 1].reading) { break }
            }
            return readings
        }.flatMap { $0 })
        if !isSure(reading) {
            // The HUD stands still while the scene moves: the neighbours' digits are taken where
            // this frame's are (where the HUD moved, the fused ink is poor and loses).
            for neighbour in neighbours {
                guard let path = neighbour.crop(region)?.path, let other = try? ImageFile.readRGB(path: path),
                      let fused = cutter.cut(image, icon: icon, fusedWith: other, otherIcon: icon) else { continue }
                let candidate = read(fused)
                if confidence(candidate) > confidence(reading) {
                    reading = candidate
                }
            }
        }
        switch reading {
        case .failure(let failure):
            return none(failure.reason)
        case .success(let value):
            var frame = FrameRecord(unchecked: annotated)
            frame.setKills(FrameRecord.Kills(value: value.value, digits: value.digits.map { ($0.digit, Self.rounded($0.probability)) },
                                             confidence: Self.rounded(value.confidence)))
            return (frame.record, nil)
        }
    }

    /// The reading to take of those of every ink map and threshold: of the sure ones (every
    /// digit at least `sureProbability`), the one whose digits take the most room; else the most
    /// confident; else the most telling failure. One cut alone can be sure and wrong: a strict
    /// threshold or a plain red map leaves only the stem of a smeared red 9, which the network
    /// takes for a 1 at 0.999, while the darker shades of red cut the whole 9; a crimson patch
    /// of the scene joined to a 3 in those shades leaves a sure 2, while the plain map cuts 23.
    /// Sure cuts that hold another ink's sure cut and are taller than it (or one of the same
    /// ink, reaching past it on every side) are left out first: its digits ringed by the scene.
    func widest(_ readings: [Candidate]) -> Result<KillReading, KillReadingFailure> {
        func room(_ cuts: [DigitCut]) -> Int { cuts.reduce(0) { $0 + $1.width * $1.height } }
        var sure = readings.filter { isSure($0.reading) }
        // A sure cut holding another ink's sure cut and taller than it is those digits ringed by
        // the scene (an orange scene in the shades of a red ink map rings a white 3 in a halo,
        // which the network takes for a sure 8): left out. In one ink, only when it reaches past
        // it on every side (a red 3 ringed the same way); else the other is part of the whole
        // digit (a red 9's stem, in the plain red map).
        let boxes = sure.map { Self.bounds(of: $0.cuts) }
        sure = sure.indices.filter { index in
            guard let outer = boxes[index] else { return true }
            return !sure.indices.contains { other in
                guard other != index, let inner = boxes[other] else { return false }
                return Self.rings(outer, inner, onEverySide: sure[other].ink == sure[index].ink)
            }
        }.map { sure[$0] }
        if let widest = sure.max(by: { room($0.cuts) != room($1.cuts) ? room($0.cuts) < room($1.cuts)
                                                                     : confidence($0.reading) < confidence($1.reading) }) {
            return widest.reading
        }
        var best: Result<KillReading, KillReadingFailure> = .failure(.cut(.noDigits))
        for reading in readings.map(\.reading) {
            let better = confidence(reading) > confidence(best)
            // A reading that found shapes says more than one that found none.
            let moreTelling: Bool = {
                guard confidence(best) < 0, case .failure(.cut) = best else { return false }
                return true
            }()
            if better || moreTelling { best = reading }
        }
        return best
    }

    /// One way of cutting the digits: the cuts, what the network read in them, and which ink
    /// colour's map they were cut in (`DigitCutter.inkMapColours`).
    struct Candidate {
        var cuts: [DigitCut]
        var reading: Result<KillReading, KillReadingFailure>
        var ink: Int
    }

    /// The box holding all of `cuts` (nil for none).
    static func bounds(of cuts: [DigitCut]) -> (x0: Int, y0: Int, x1: Int, y1: Int)? {
        guard let first = cuts.first else { return nil }
        return cuts.dropFirst().reduce((first.x, first.y, first.x + first.width, first.y + first.height)) { box, cut in
            (min(box.0, cut.x), min(box.1, cut.y), max(box.2, cut.x + cut.width), max(box.3, cut.y + cut.height))
        }
    }

    /// Whether `outer` holds `inner` (give or take a pixel) and is taller by more than a seventh
    /// of it (with `onEverySide`, also reaching past it on each side), while `inner` is no mere
    /// part of it (at least three fifths as wide and seven tenths as tall): the same digits with
    /// the scene around them joined on. (A streak of red inside a white 0, or a 9's stem, is a
    /// part.)
    static func rings(_ outer: (x0: Int, y0: Int, x1: Int, y1: Int), _ inner: (x0: Int, y0: Int, x1: Int, y1: Int),
                      onEverySide: Bool = false) -> Bool {
        let innerHeight = inner.y1 - inner.y0, outerHeight = outer.y1 - outer.y0
        let innerWidth = inner.x1 - inner.x0, outerWidth = outer.x1 - outer.x0
        let slack = onEverySide ? -1 : 1
        return outer.x0 <= inner.x0 + slack && outer.x1 >= inner.x1 - slack
            && outer.y0 <= inner.y0 + slack && outer.y1 >= inner.y1 - slack
            && 7 * (outerHeight - innerHeight) > innerHeight && outerHeight - innerHeight >= 2
            && 5 * innerWidth >= 3 * outerWidth && 10 * innerHeight >= 7 * outerHeight
    }

    private func read(_ cut: Result<[DigitCut], DigitCutFailure>) -> Result<KillReading, KillReadingFailure> {
        switch cut {
        case .failure(let failure): .failure(.cut(failure))
        case .success(let cuts): classifier.read(cuts)
        }
    }

    private func isSure(_ reading: Result<KillReading, KillReadingFailure>) -> Bool {
        guard case .success(let value) = reading else { return false }
        return value.digits.allSatisfy { $0.probability >= sureProbability }
    }

    private func confidence(_ reading: Result<KillReading, KillReadingFailure>) -> Double {
        guard case .success(let value) = reading else { return -1 }
        return value.confidence
    }

    static func rounded(_ value: Double) -> Double { (value * 10000).rounded() / 10000 }
}
