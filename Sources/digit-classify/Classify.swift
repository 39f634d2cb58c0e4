import ArgumentParser
import Foundation
import ReelCore
import ReelHUD
import ReelVision

/// Reads kill counts in frame records (the default subcommand).
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add `kills` to frame records that carry `skull` (the default).")

    @OptionGroup var input: RecordInputOptions

    @Option(help: ArgumentHelp("The crop holding the HUD strip (the one skull-find read).", valueName: "name"))
    var roi = "hud"

    @Option(help: ArgumentHelp("Network weights (from `digit-classify train`); default: the shipped ones.", valueName: "file"))
    var model: String?

    @Option(help: ArgumentHelp("Threads (default: the cores, up to 4).", valueName: "n"))
    var threads: Int?

    @OptionGroup var conventions: ConventionOptions

    func validate() throws {
        guard threads.map({ (1...64).contains($0) }) ?? true else { throw ValidationError("--threads must be 1 to 64") }
    }

    mutating func run() throws {
        let roi = roi, model = model, inputs = input.inputs
        let workers = threads ?? min(4, ProcessInfo.processInfo.activeProcessorCount)
        try ToolRun.perform("digit-classify", options: conventions) { run in
            let weights = try Self.weights(model)
            let pool = OrderedPool<Record, (Record, ToolError?)>(workers: workers) {
                let classifier = DigitClassifier(weights: weights)
                return { record in Self.annotate(record, roi: roi, classifier: classifier) }
            }
            defer { pool.close() }
            func take(wait: Bool) throws -> Bool {
                guard let (record, problem) = pool.next(wait: wait) else { return false }
                if let problem { run.diagnostics.error(problem) }
                try run.output.write(record)
                return true
            }
            try run.forEachRecord(in: inputs) { record in
                pool.submit(record)
                while pool.inFlight >= 4 * workers, try take(wait: true) {}
                while try take(wait: false) {}
            }
            while try take(wait: true) {}
        }
    }

    static func weights(_ path: String?) throws -> CNNWeights {
        if let path {
            let weights = try CNNWeights(path: path)
            guard weights.shape == DigitClassifier.shape else {
                throw ToolError("weights of another network shape", at: path, status: .dataError)
            }
            return weights
        }
        guard let shipped = DigitClassifier.shipped else {
            throw ToolError("no shipped weights in this build: pass --model (see digit-classify train)", status: .unavailable)
        }
        return shipped
    }

    static func annotate(_ record: Record, roi: String, classifier: DigitClassifier) -> (Record, ToolError?) {
        guard record.type == "frame" else { return (record, nil) }
        var annotated = record
        func none(_ reason: String, _ problem: ToolError? = nil) -> (Record, ToolError?) {
            annotated["kills"] = .null
            annotated["kills_reason"] = .string(reason)
            return (annotated, problem)
        }
        guard let skull = SkullLocation(record: record) else {
            return none(record["skull"] == nil ? "no skull field (run skull-find first)" : "no skull")
        }
        guard let path = record["crops"]?[roi]?["path"]?.stringValue else {
            let place = record["t"]?.doubleValue.map { "frame at \($0) s" } ?? "frame"
            return none("no crop named \(roi)", ToolError("no crop named \(roi)", at: place, status: .dataError))
        }
        let image: HUDImage
        do {
            image = try HUDImage(path: path)
        } catch {
            return none(error.reason, error.toolError)
        }
        switch image.cut(with: DigitCutter(), skull: skull) {
        case .failure(let failure):
            return none(failure.rawValue)
        case .success(let cuts):
            switch classifier.read(cuts) {
            case .failure(let failure):
                return none(failure.reason)
            case .success(let reading):
                annotated["kills"] = [
                    "value": JSONValue(reading.value),
                    "digits": .array(reading.digits.map { ["d": JSONValue($0.digit), "p": JSONValue(Self.rounded($0.probability))] }),
                    "conf": JSONValue(Self.rounded(reading.confidence)),
                ]
                annotated["kills_reason"] = nil
                return (annotated, nil)
            }
        }
    }

    static func rounded(_ value: Double) -> Double { (value * 10000).rounded() / 10000 }
}
