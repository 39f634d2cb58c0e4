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
        var annotated = record
        func none(_ reason: String, _ problem: ToolError? = nil) -> (Record, ToolError?) {
            annotated["kills"] = .null
            annotated["kills_reason"] = .string(reason)
            return (annotated, problem)
        }
        guard let icon = SkullLocation(record: record) else {
            switch record["skull"] {
            case nil: return none("no skull field (run skull-find first)")
            case .null?: return none("no icon")
            default:
                // A skull no image can hold (numbers beyond any picture, or not numbers): said.
                let reason = "skull out of range: x, y, w, h must be whole numbers from 0 to \(Record.maximumSide)"
                return none("skull out of range", ToolError(reason, at: record.framePlace, status: .dataError))
            }
        }
        guard let crop = record.crop(region) else {
            return none("no crop named \(region)", ToolError("no crop named \(region)", at: record.framePlace, status: .dataError))
        }
        let image: RGBImage
        do {
            image = try ImageFile.readRGB(path: crop.path)
        } catch {
            return none(error.reason, ToolError(error.reason, at: error.location, status: .dataError))
        }
        var reading: Result<KillReading, KillReadingFailure> = .failure(.cut(.noDigits))
        for candidate in cutter.candidates(image, icon: icon) {
            let read = read(candidate)
            if confidence(read) > confidence(reading) || (confidence(reading) < 0 && isCutFailure(reading)) {
                reading = read
            }
            if isSure(reading) { break }
        }
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
            annotated["kills"] = [
                "value": JSONValue(value.value),
                "digits": .array(value.digits.map { ["d": JSONValue($0.digit), "p": JSONValue(Self.rounded($0.probability))] }),
                "conf": JSONValue(Self.rounded(value.confidence)),
            ]
            annotated["kills_reason"] = nil
            return (annotated, nil)
        }
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

    /// Whether a reading failed for want of digits (a reading that found shapes says more).
    private func isCutFailure(_ reading: Result<KillReading, KillReadingFailure>) -> Bool {
        if case .failure(.cut) = reading { return true }
        return false
    }

    private func confidence(_ reading: Result<KillReading, KillReadingFailure>) -> Double {
        guard case .success(let value) = reading else { return -1 }
        return value.confidence
    }

    static func rounded(_ value: Double) -> Double { (value * 10000).rounded() / 10000 }
}
