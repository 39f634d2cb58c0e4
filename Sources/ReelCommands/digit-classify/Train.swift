import ArgumentParser
import Foundation
import ReelCLI
import ReelCore
import ReelHUD
import ReelVision

/// Trains the digit network from datasets.
struct Train: ToolCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the digit network from datasets (reproducible: seeded).")

    @Argument(help: ArgumentHelp("Datasets (from `digit-classify dataset`).", valueName: "dataset"), completion: .file())
    var datasets: [String]

    @Option(help: ArgumentHelp("The weights file to write.", valueName: "file"), completion: .file())
    var out: String

    @Option(help: ArgumentHelp("Passes over the data (default: enough for 1500 steps of --batch samples, 12 to 300: a few hundred labelled frames get as many steps as thousands do).", valueName: "n"))
    var epochs: Int?

    @Option(help: "Samples per step.")
    var batch = 64

    @Option(help: "Adam's learning rate at the start (it decays to 5% by the end).")
    var learningRate: Float = 0.002

    @Option(help: "Seed of the initial weights, shuffling, augmentation and dropout.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Threads (default: the cores; the weights do not depend on it).", valueName: "n"))
    var threads: Int?

    @Flag(help: "Train on the samples as they are, without random changes.")
    var noAugment = false

    @Flag(help: "Add no made-up shapes that are no digit.")
    var noNegatives = false

    @OptionGroup var conventions: ConventionOptions

    func validate() throws {
        guard !datasets.isEmpty else { throw ValidationError("name at least one dataset") }
        guard epochs.map({ (1...1000).contains($0) }) ?? true else { throw ValidationError("--epochs: must be 1 to 1000") }
        guard (1...100_000).contains(batch) else { throw ValidationError("--batch: must be 1 to 100000") }
    }

    /// Passes for about `steps` steps: a small dataset is seen more often (bounded to 12-300).
    static func epochs(samples: Int, batch: Int, steps: Int = 1500) -> Int {
        let perEpoch = max(1, (samples * 115 / 100 + batch - 1) / batch)
        return min(300, max(12, (steps + perEpoch - 1) / perEpoch))
    }

    static let toolName = "digit-classify train"

    func perform(_ run: ToolRun) throws {
        var data = DigitDataset()
        for path in datasets {
            data.append(contentsOf: try DigitDataset(path: path))
        }
        var options = TrainingOptions()
        options.epochs = epochs ?? Self.epochs(samples: data.count, batch: batch)
        options.batchSize = batch
        options.learningRate = learningRate
        options.seed = seed
        options.threads = threads ?? ProcessInfo.processInfo.activeProcessorCount
        // Shapes that are no digit are rare in real frames: add made-up ones (15%).
        var samples = data.inputs, labels = data.labels
        let digits = zip(samples, labels).filter { $0.1 != DigitClassifier.notADigit }.map(\.0)
        var generator = SeededGenerator(seed: seed &+ 77)
        for _ in 0..<(noNegatives ? 0 : samples.count * 15 / 100) {
            samples.append(DigitAugmentation.negative(from: digits, &generator))
            labels.append(DigitClassifier.notADigit)
        }
        let started = Date()
        let trainer = CNNTrainer(shape: DigitClassifier.shape, options: options)
        let weights = trainer.train(samples: samples, labels: labels,
                                    augment: noAugment ? nil : DigitAugmentation.apply) { report in
            run.diagnostics.write(String(format: "epoch %d: loss %.4f, training accuracy %.2f%%", report.epoch,
                                         report.loss, 100 * report.accuracy))
        }
        try AtomicFile.write(weights.fileBytes, to: out)
        run.diagnostics.write(String(format: "%d samples (%d made up), %d epochs, %.0f s; weights in %@", samples.count,
                                     samples.count - data.count, options.epochs,
                                     Date().timeIntervalSince(started), out))
    }
}
