import ArgumentParser
import Foundation
import ReelCLI
import ReelCore
import ReelHUD
import ReelVision

/// Reads the counter in frame records (the default subcommand).
struct Classify: ToolCommand {
    static let configuration = CommandConfiguration(abstract: "Add `kills` to frame records that carry `skull` (the default).")

    @OptionGroup var input: RecordInputOptions

    @OptionGroup var counterOptions: CounterOptions

    @Option(help: ArgumentHelp("Neighbouring frames looked at together when a frame alone is unsure (1: each alone).", valueName: "k"))
    var window = 3

    @Option(help: ArgumentHelp("Threads (default: the cores, up to 4).", valueName: "n"))
    var threads: Int?

    @OptionGroup var conventions: ConventionOptions

    func validate() throws {
        guard (1...15).contains(window) else { throw ValidationError("--window must be 1 to 15 frames") }
        guard threads.map({ (1...64).contains($0) }) ?? true else { throw ValidationError("--threads must be 1 to 64") }
    }

    static let toolName = "digit-classify"

    func perform(_ run: ToolRun) throws {
        try classify(run)
    }

    private func classify(_ run: ToolRun) throws {
        let counter = try counterOptions.counter()
        let weights = try Weights.load(counter.model)
        let cutter = DigitCutter(counter: counter), region = counter.region
        try run.annotateRecords(in: input.inputs, window: window,
                                workers: threads ?? min(4, ProcessInfo.processInfo.activeProcessorCount)) {
            let reader = CounterReader(region: region, cutter: cutter, weights: weights)
            return { record, neighbours in
                let (annotated, problem) = reader.annotate(record, neighbours: neighbours)
                return (annotated, problem.map { [$0] } ?? [])
            }
        }
    }
}
