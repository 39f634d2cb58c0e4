import ArgumentParser
import Foundation
import ReelCLI
import ReelCore
import ReelHUD
import ReelOCR
import ReelVision

/// Reports how well the network classifies a labelled dataset, or reads the frames of labelled
/// time.
struct Evaluate: ToolCommand {
    static let configuration = CommandConfiguration(
        abstract: "Per-digit precision, recall and F1, a confusion matrix, and digits per second; with --labels, frame by frame.",
        discussion: """
            With datasets: each digit sample classified, per class and in a confusion matrix. With \
            --labels: frame records with `skull` (files, or stdin) read as digit-classify reads \
            them and compared with the labels, frame by frame: what a run on a held-back part of \
            one's own footage will get right (see reel-teach(7)).
            """)

    @Argument(help: ArgumentHelp("Datasets (from `digit-classify dataset`); with --labels, frame record files (default stdin).", valueName: "file"), completion: .file())
    var inputs: [String] = []

    @Option(help: ArgumentHelp("Compare frame readings with these labels (labels.ndjson) instead.", valueName: "file"), completion: .file())
    var labels: String?

    @Option(help: ArgumentHelp("With --labels: only frames from this stream time on (a held-back part).", valueName: "seconds"))
    var from: Double?

    @OptionGroup var counterOptions: CounterOptions

    @Flag(help: "Also read the same digit images with Tesseract (single character, digits only), bare and padded.")
    var tesseract = false

    @OptionGroup var conventions: ConventionOptions

    func validate() throws {
        guard labels != nil || !inputs.isEmpty else { throw ValidationError("name datasets, or give --labels") }
        guard from.map({ $0.isFinite && $0 >= 0 }) ?? true else { throw ValidationError("--from takes seconds of stream time") }
    }

    static let toolName = "digit-classify evaluate"

    func perform(_ run: ToolRun) throws {
        if let labels = labels {
            try evaluateFrames(labels: labels, run: run)
            return
        }
        var data = DigitDataset()
        for path in inputs {
            data.append(contentsOf: try DigitDataset(path: path))
        }
        let classifier = DigitClassifier(weights: try Weights.load(try counterOptions.counter().model))
        let classes = DigitClassifier.shape.classes
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        let cuts = data.inputs.map { DigitCut(pixels: $0, x: 0, y: 0, width: 0, height: 0) }
        let started = Date()
        var predicted: [Int] = []
        predicted.reserveCapacity(cuts.count)
        for cut in cuts {
            predicted.append(classifier.classify(cut).label)
        }
        let seconds = Date().timeIntervalSince(started)
        for (truth, guess) in zip(data.labels, predicted) {
            confusion[truth][guess] += 1
        }
        print(Self.report(confusion))
        let digits = zip(data.labels, predicted).filter { $0.0 != DigitClassifier.notADigit }
        let right = digits.filter { $0.0 == $0.1 }.count
        if tesseract {
            try Self.compareWithTesseract(data)
        }
        print(String(format: "\ndigits: %d of %d right (%.2f%%); all samples: %.2f%%; %.0f digits per second on one core",
                     right, digits.count, 100 * Double(right) / Double(max(1, digits.count)),
                     100 * Double(zip(data.labels, predicted).filter { $0.0 == $0.1 }.count) / Double(max(1, data.count)),
                     Double(cuts.count) / max(seconds, 1e-9)))
    }

    /// Tesseract on the same digits (the earlier analyser's comparison): as they are, and
    /// scaled up with a white border.
    static func compareWithTesseract(_ data: DigitDataset) throws {
        let engine = try OCREngine(segmentation: .singleCharacter)
        engine.setAllowedCharacters("0123456789")
        let side = data.side
        for (name, scale, border) in [("bare", 1, 0), ("padded", 3, 12)] {
            var right = 0, total = 0
            let started = Date()
            for (image, label) in zip(data.images, data.labels) where label != DigitClassifier.notADigit {
                // Dark ink on white, as Tesseract reads.
                let digit = GrayImage(width: side, height: side, pixels: image.map { 255 - $0 })
                let prepared = digit.resized(width: side * scale, height: side * scale).padded(by: border, value: 255)
                if engine.recognize(prepared).text == String(label) { right += 1 }
                total += 1
            }
            print(String(format: "tesseract (%@, single character, digits only): %d of %d right (%.2f%%), %.0f digits per second",
                         name, right, total, 100 * Double(right) / Double(max(1, total)),
                         Double(total) / max(Date().timeIntervalSince(started), 1e-9)))
        }
    }

    /// The per-class table and the confusion matrix, as text.
    static func report(_ confusion: [[Int]]) -> String {
        let classes = confusion.count
        let name = { (index: Int) in index == DigitClassifier.notADigit ? "x" : String(index) }
        let padded = { (text: String, width: Int) in String(repeating: " ", count: max(0, width - text.count)) + text }
        var lines = ["class  precision  recall      F1  support"]
        for k in 0..<classes {
            let truePositives = confusion[k][k]
            let predicted = (0..<classes).reduce(0) { $0 + confusion[$1][k] }
            let support = confusion[k].reduce(0, +)
            guard support > 0 || predicted > 0 else { continue }
            let precision = Double(truePositives) / Double(max(1, predicted))
            let recall = Double(truePositives) / Double(max(1, support))
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            lines.append(padded(name(k), 5) + String(format: "  %9.4f  %6.4f  %5.4f  %7d", precision, recall, f1, support))
        }
        lines.append("\nconfusion (rows: truth, columns: read)")
        lines.append("      " + (0..<classes).map { padded(name($0), 6) }.joined())
        for k in 0..<classes where confusion[k].reduce(0, +) > 0 {
            lines.append(padded(name(k), 5) + " " + confusion[k].map { padded(String($0), 6) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}
