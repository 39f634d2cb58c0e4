import ArgumentParser
import Foundation
import ReelCore
import ReelHUD
import ReelVision

@main
struct SkullFind: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skull-find",
        abstract: "Find the kill-count skull in the HUD crop of frame records.",
        discussion: """
            Reads `frame` records and adds `skull: {x, y, w, h, score}` in the pixels of the crop, \
            or `skull: null` when none is there. Other records and fields pass through. See \
            skull-find(1) and reel-records(5).

            Exit status: 0 ok, 1 failure, 64 usage, 65 bad input (malformed lines, missing or \
            unreadable images), 74 output error.
            """)

    @OptionGroup var input: RecordInputOptions

    @Option(help: ArgumentHelp("The crop holding the HUD strip.", valueName: "name"))
    var roi = "hud"

    @Option(help: ArgumentHelp("Neighbouring frames looked at together (1: each frame alone); a frame leaves once those after it arrived.", valueName: "k"))
    var window = 3

    @Option(help: ArgumentHelp("The least match score (0 to 1) that counts as the skull.", valueName: "score"))
    var minScore = 0.62

    @Option(help: ArgumentHelp("Threads (default: the cores, up to 4).", valueName: "n"))
    var threads: Int?

    @OptionGroup var conventions: ConventionOptions

    func validate() throws {
        guard (1...15).contains(window) else { throw ValidationError("--window must be 1 to 15 frames") }
        guard minScore > 0 && minScore < 1 else { throw ValidationError("--min-score must lie between 0 and 1") }
        guard threads.map({ (1...64).contains($0) }) ?? true else { throw ValidationError("--threads must be 1 to 64") }
    }

    mutating func run() throws {
        let roi = roi
        var finder = SkullFinder()
        finder.minimumScore = minScore
        let workers = threads ?? min(4, ProcessInfo.processInfo.activeProcessorCount)
        let found = finder, size = window
        try ToolRun.perform("skull-find", options: conventions) { run in
            let pool = OrderedPool<(Record, [Record]), (Record, ToolError?)>(workers: workers) {
                { job in Self.annotate(job.0, neighbours: job.1, roi: roi, finder: found) }
            }
            defer { pool.close() }
            func take(wait: Bool) throws -> Bool {
                guard let (record, problem) = pool.next(wait: wait) else { return false }
                if let problem { run.diagnostics.error(problem) }
                try run.output.write(record)
                return true
            }
            var frames = FrameWindow(size: size)
            try run.forEachRecord(in: input.inputs) { record in
                for job in frames.add(record) {
                    pool.submit(job)
                }
                while pool.inFlight >= 4 * workers, try take(wait: true) {}
                while try take(wait: false) {}
            }
            for job in frames.finish() {
                pool.submit(job)
            }
            while try take(wait: true) {}
        }
    }

    static func annotate(_ record: Record, neighbours: [Record], roi: String, finder: SkullFinder) -> (Record, ToolError?) {
        guard record.type == "frame" else { return (record, nil) }
        var annotated = record
        guard let path = record["crops"]?[roi]?["path"]?.stringValue else {
            annotated["skull"] = .null
            let place = record["t"]?.doubleValue.map { "frame at \($0) s" } ?? "frame"
            return (annotated, ToolError("no crop named \(roi)", at: place, status: .dataError))
        }
        do {
            let image = try PNM.readGray(path: path)
            // Neighbours of another size (a changed crop) or unreadable are left out.
            let others = neighbours.compactMap { $0["crops"]?[roi]?["path"]?.stringValue }
                .compactMap { try? PNM.readGray(path: $0) }.filter { $0.width == image.width && $0.height == image.height }
            annotated["skull"] = finder.find(in: image, neighbours: others).map { skull in
                ["x": JSONValue(skull.x), "y": JSONValue(skull.y), "w": JSONValue(skull.width), "h": JSONValue(skull.height),
                 "score": JSONValue((skull.score * 1000).rounded() / 1000)]
            } ?? .null
            return (annotated, nil)
        } catch {
            annotated["skull"] = .null
            return (annotated, error.toolError)
        }
    }
}
