import ArgumentParser
import Foundation
import ReelCore
import ReelHUD
import ReelVision

/// Cuts labelled digits out of frame records of a synthetic stream, labels from its screen.ndjson.
struct Dataset: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a labelled digit dataset from frames of a synthetic stream and its screen.ndjson.",
        discussion: """
            Input: frame records with `skull` (frame-sample --rgb | skull-find) of a stream made \
            by synth-stream. Each frame whose HUD shows is cut as digit-classify cuts it; when the \
            cut finds as many digits as the count shown has, each is labelled with its digit. \
            Shapes cut where no count shows (a skull found where the HUD is hidden, or the HUD's \
            place while it is hidden) are labelled 10, not a digit. Appends to --out when it exists.
            """)

    @OptionGroup var input: RecordInputOptions

    @Option(help: ArgumentHelp("The stream's screen.ndjson (what the HUD shows, when).", valueName: "file"))
    var screen: String

    @Option(help: ArgumentHelp("The crop holding the HUD strip.", valueName: "name"))
    var roi = "hud"

    @Option(help: ArgumentHelp("The dataset file to write (or add to).", valueName: "file"))
    var out: String

    @OptionGroup var conventions: ConventionOptions

    /// One HUD state of screen.ndjson.
    struct HUDState {
        var start: Double
        var end: Double
        var hidden: Bool
        var kills: Int?
        var skull: [Int]?
    }

    mutating func run() throws {
        let command = self
        try ToolRun.perform("digit-classify dataset", options: conventions) { run in
            try command.make(run)
        }
    }

    private func make(_ run: ToolRun) throws {
        var states: [HUDState] = []
        try run.forEachRecord(in: [screen]) { record in
            guard record["kind"]?.stringValue == "hud", let start = record["start"]?.doubleValue,
                  let end = record["end"]?.doubleValue else { return }
            states.append(HUDState(start: start, end: end, hidden: record["hidden"]?.boolValue ?? false,
                                   kills: record["kills"]?.intValue, skull: record["skull"]?.arrayValue?.compactMap(\.intValue)))
        }
        var dataset = FileManager.default.fileExists(atPath: out) ? try DigitDataset(path: out) : DigitDataset()
        let before = dataset.count
        var counts = [Int](repeating: 0, count: 11)
        var mismatched = 0, missed = 0
        let cutter = DigitCutter()
        try run.forEachRecord(in: input.inputs) { record in
            guard record.type == "frame", let t = record["t"]?.doubleValue,
                  let crop = record["crops"]?[roi]?.objectValue, let path = crop["path"]?.stringValue,
                  let box = crop["box"]?.arrayValue?.compactMap(\.intValue), box.count == 4 else { return }
            let image: HUDImage
            do {
                image = try HUDImage(path: path)
            } catch let error as ImageError {
                run.diagnostics.error(error)
                return
            } catch {
                return
            }
            let state = states.first { $0.start <= t && t < $0.end }
            let found = SkullLocation(record: record)
            func add(_ cuts: [DigitCut], labels: [Int]) {
                for (cut, label) in zip(cuts, labels) {
                    dataset.append(cut, label: label)
                    counts[label] += 1
                }
            }
            if let state, !state.hidden, let kills = state.kills, let truth = state.skull {
                guard let found, abs(found.x - (truth[0] - box[0])) <= 4, abs(found.y - (truth[1] - box[1])) <= 4 else {
                    missed += 1
                    return
                }
                let digits = String(kills).compactMap(\.wholeNumberValue)
                if case .success(let cuts) = image.cut(with: cutter, skull: found), cuts.count == digits.count {
                    add(cuts, labels: digits)
                } else {
                    mismatched += 1
                }
                return
            }
            // No count shows: whatever is cut is no digit.
            var places: [SkullLocation] = found.map { [$0] } ?? []
            if let known = states.last(where: { $0.skull != nil && $0.start <= t }) ?? states.first(where: { $0.skull != nil }),
               let skull = known.skull {
                let place = SkullLocation(x: skull[0] - box[0], y: skull[1] - box[1], width: skull[2], height: skull[3], score: 0)
                if place.x >= 0, place.y >= 0, place.x + place.width < image.width, place.y + place.height <= image.height {
                    places.append(place)
                }
            }
            // And a few places across the crop, the skull's size, chosen from the frame's time.
            if let size = places.last.map({ ($0.width, $0.height) }), image.width > 4 * size.1, image.height > size.1 {
                var generator = SeededGenerator(seed: UInt64((t * 1000).rounded()))
                for _ in 0..<3 {
                    places.append(SkullLocation(x: Int.random(in: 0...(image.width - 4 * size.1), using: &generator),
                                                y: Int.random(in: 0...(image.height - size.1), using: &generator),
                                                width: size.0, height: size.1, score: 0))
                }
            }
            for place in places {
                if case .success(let cuts) = image.cut(with: cutter, skull: place) {
                    add(cuts, labels: Array(repeating: DigitClassifier.notADigit, count: cuts.count))
                }
            }
        }
        try AtomicFile.write(dataset.fileBytes, to: out)
        let summary = counts.enumerated().map { "\($0.offset == 10 ? "x" : String($0.offset)):\($0.element)" }.joined(separator: " ")
        run.diagnostics.write("\(dataset.count - before) samples added (\(summary)); \(mismatched) frames cut to another number of digits, \(missed) frames without the right skull; \(dataset.count) in \(out)")
    }
}
