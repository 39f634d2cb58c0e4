import ArgumentParser
import Foundation
import ReelCLI
import ReelCore
import ReelHUD
import ReelVision

/// Cuts labelled digits out of frame records: labels from labels.ndjson (or a synthetic
/// stream's screen.ndjson).
struct Dataset: ToolCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a labelled digit dataset from frame records with the icon found (skull-find) and labels.",
        discussion: """
            Input: frame records with `skull` (frame-sample | skull-find). Each frame takes the \
            value of the last label at or before its time (labels.ndjson, see reel-teach(7)). A \
            frame showing a number is cut as digit-classify cuts it; when the cut finds as many \
            digits as the number has, each digit goes into the dataset with its label. Where no \
            counter shows (value null), whatever is cut at the icon's last place is labelled 10, \
            not a digit. --test keeps the last part of the labelled time apart, for \
            `digit-classify evaluate`. Appends to --out (and --test) when they exist.
            """)

    @OptionGroup var input: RecordInputOptions

    @Option(help: ArgumentHelp("labels.ndjson: the value shown from each moment on (reel-teach(7)).", valueName: "file"), completion: .file())
    var labels: String?

    @Option(help: ArgumentHelp("Instead of labels: a synthetic stream's screen.ndjson.", valueName: "file"), completion: .file())
    var screen: String?

    @OptionGroup var counterOptions: CounterOptions

    @Option(help: ArgumentHelp("The dataset file to write (or add to).", valueName: "file"), completion: .file())
    var out: String

    @Option(help: ArgumentHelp("A second dataset for the frames of the last --test-share of the labelled time.", valueName: "file"), completion: .file())
    var test: String?

    @Option(help: ArgumentHelp("The share of the labelled time kept for --test (default 0.2).", valueName: "fraction"))
    var testShare = 0.2

    @OptionGroup var conventions: ConventionOptions

    func validate() throws {
        guard (labels == nil) != (screen == nil) else { throw ValidationError("give --labels (or, for synthetic streams, --screen)") }
        guard testShare > 0, testShare < 1 else { throw ValidationError("--test-share must lie between 0 and 1") }
    }

    static let toolName = "digit-classify dataset"

    func perform(_ run: ToolRun) throws {
        try make(run)
    }

    private func make(_ run: ToolRun) throws {
        let counter = try counterOptions.counter()
        let truth: CounterLabels = try labels.map { try CounterLabels(path: $0, run: run) } ?? ScreenLabels.load(screen ?? "", run: run)
        let cutter = DigitCutter(counter: counter)
        var training = try existing(out), held = try test.map { try existing($0) } ?? DigitDataset()
        let before = (training.count, held.count)
        var counts = [Int](repeating: 0, count: 11)
        var mismatched = 0, missed = 0, unlabelled = 0, frames = 0
        var lastIcon: SkullLocation?
        var sourcesSeen = Set<String>()
        try run.forEachRecord(in: input.inputs) { record in
            guard record.type == "frame", let t = record.frameTime, let crop = record.crop(counter.region) else { return }
            let source = record["source"]?.stringValue
            sourcesSeen.insert(source ?? "")
            frames += 1
            guard let value = truth.value(at: t, source: source) else {
                unlabelled += 1
                return
            }
            let toTest: Bool = {
                guard test != nil, let span = truth.span(source: source) else { return false }
                return t >= span.upperBound - testShare * (span.upperBound - span.lowerBound)
            }()
            let image: RGBImage
            do {
                image = try ImageFile.readRGB(path: crop.path)
            } catch let error as ImageError {
                run.diagnostics.error(error)
                return
            }
            let found = SkullLocation(record: record)
            func add(_ cuts: [DigitCut], labels: [Int]) {
                for (cut, label) in zip(cuts, labels) {
                    if toTest { held.append(cut, label: label) } else { training.append(cut, label: label) }
                    counts[label] += 1
                }
            }
            switch value {
            case .count(let number):
                guard let found else {
                    missed += 1
                    return
                }
                lastIcon = found
                let digits = String(number).compactMap(\.wholeNumberValue)
                if case .success(let cuts) = cutter.cut(image, icon: found), cuts.count == digits.count {
                    add(cuts, labels: digits)
                } else {
                    mismatched += 1
                }
            case .hidden:
                // No counter shows: whatever is cut where it would be, or where an icon was found, is no digit.
                for place in [found, lastIcon].compactMap({ $0 }) {
                    if case .success(let cuts) = cutter.cut(image, icon: place) {
                        add(cuts, labels: Array(repeating: DigitClassifier.notADigit, count: cuts.count))
                    }
                }
            case .numbers:
                mismatched += 1
            }
        }
        if frames > 0, !sourcesSeen.contains(where: { truth.cover(source: $0.isEmpty ? nil : $0) }) {
            throw ToolError("the labels are for another video (their sources: \(Set(truth.labels.compactMap(\.source)).sorted().joined(separator: ", ")))",
                            at: labels ?? screen ?? "labels", failure: .badInput)
        }
        try AtomicFile.write(training.fileBytes, to: out)
        if let test { try AtomicFile.write(held.fileBytes, to: test) }
        let summary = counts.enumerated().map { "\($0.offset == 10 ? "x" : String($0.offset)):\($0.element)" }.joined(separator: " ")
        var line = "\(frames) frames: \(training.count - before.0) samples added to \(out)"
        if let test { line += ", \(held.count - before.1) to \(test)" }
        line += " (\(summary)); \(mismatched) frames cut to another number of digits, \(missed) without the icon found"
        if unlabelled > 0 { line += ", \(unlabelled) before the first label" }
        run.diagnostics.write(line)
    }

    private func existing(_ path: String) throws -> DigitDataset {
        FileManager.default.fileExists(atPath: path) ? try DigitDataset(path: path) : DigitDataset()
    }
}

/// Labels from a synthetic stream's screen.ndjson: the HUD's count while it shows, else hidden.
enum ScreenLabels {
    static func load(_ path: String, run: ToolRun) throws -> CounterLabels {
        var states: [(start: Double, end: Double, value: CounterLabels.Value)] = []
        try run.forEachRecord(in: [path]) { record in
            guard record["kind"]?.stringValue == "hud", let start = record.number("start"), let end = record.number("end") else { return }
            let hidden = record["hidden"]?.boolValue == true || record["absent"]?.boolValue == true
            let value: CounterLabels.Value = hidden ? .hidden : record.integer("kills", in: 0...999_999).map { .count($0) } ?? .hidden
            states.append((start, end, value))
        }
        states.sort { $0.start < $1.start }
        var labels: [CounterLabels.Label] = []
        for (index, state) in states.enumerated() {
            labels.append(CounterLabels.Label(time: state.start, value: state.value, source: nil))
            let next = index + 1 < states.count ? states[index + 1].start : .infinity
            if next > state.end {
                labels.append(CounterLabels.Label(time: state.end, value: .hidden, source: nil))
            }
        }
        guard !labels.isEmpty else { throw ToolError("no hud records in it", at: path, failure: .badInput) }
        return CounterLabels(labels: labels)
    }
}
