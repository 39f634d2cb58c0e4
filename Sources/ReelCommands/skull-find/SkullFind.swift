import ArgumentParser
import Foundation
import ReelCLI
import ReelCore
import ReelHUD
import ReelProfile
import ReelVision

struct SkullFind: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "skull-find",
        abstract: "Find the counter's icon (the kill-count skull, or any icon) in a crop of frame records.",
        discussion: """
            Reads `frame` records and adds `skull: {x, y, w, h, score}` in the pixels of the crop, \
            or `skull: null` when the icon is not there. The icon is the spec's skull glyph, \
            or any icon cut from a frame (--template, or a profile's counter.template). Other \
            records and fields pass through. See skull-find(1), reel-teach(7) and reel-records(5).

            Exit status: 0 ok, 1 failure, 64 usage, 65 bad input (malformed lines, missing or \
            unreadable images, a bad template or profile), 66 a missing template or profile, \
            74 output error.
            """,
        version: ReelVersion.string
    )

    @OptionGroup var input: RecordInputOptions

    @Option(help: ArgumentHelp("A profile (built-in name or file) whose `counter` says the region, template and score.", valueName: "name|file"), completion: .file(extensions: ["json"]))
    var profile: String?

    @Option(help: ArgumentHelp("The crop holding the icon (default: the profile's, else hud).", valueName: "name"))
    var roi: String?

    @Option(help: ArgumentHelp("The icon as it looks on screen: PNG (transparent pixels are not the icon), PGM or PPM.", valueName: "file"), completion: .file(extensions: ["png", "pgm", "ppm"]))
    var template: String?

    @Option(help: ArgumentHelp("Height of the frames (as cropped) the template was cut from; default the same as these.", valueName: "pixels"))
    var templateHeight: Int?

    @Option(help: ArgumentHelp("Neighbouring frames looked at together (1: each frame alone); a frame leaves once those after it arrived.", valueName: "k"))
    var window = 3

    @Option(help: ArgumentHelp("The least match score (0 to 1) that counts as the icon (default 0.6).", valueName: "score"))
    var minScore: Double?

    @Option(help: ArgumentHelp("Threads (default: the cores, up to 4).", valueName: "n"))
    var threads: Int?

    @OptionGroup var conventions: ConventionOptions

    func validate() throws {
        guard (1...15).contains(window) else { throw ValidationError("--window must be 1 to 15 frames") }
        guard minScore.map({ $0 > 0 && $0 < 1 }) ?? true else { throw ValidationError("--min-score must lie between 0 and 1") }
        guard threads.map({ (1...64).contains($0) }) ?? true else { throw ValidationError("--threads must be 1 to 64") }
        guard templateHeight.map({ (16...8640).contains($0) }) ?? true else {
            throw ValidationError("--template-height must be 16 to 8640 pixels")
        }
    }

    static let toolName = "skull-find"

    func perform(_ run: ToolRun) throws {
        try find(run)
    }

    /// The settings from the options, over the profile's.
    func settings() throws -> IconSettings {
        let counter = try profile.map { try Profile.load($0).counter ?? Profile.Counter() }
        let region = roi ?? counter?.region ?? "hud"
        let score = minScore ?? counter?.minScore ?? 0.6
        guard let path = template ?? counter?.template else {
            return IconSettings.skull(region: region, minimumScore: score)
        }
        let icon = try IconTemplate.load(path: path, frameHeight: templateHeight ?? counter?.templateHeight)
        return IconSettings(region: region, template: icon, minimumScore: score)
    }

    private func find(_ run: ToolRun) throws {
        let settings = try settings()
        try run.annotateRecords(in: input.inputs, window: window,
                                workers: threads ?? min(4, ProcessInfo.processInfo.activeProcessorCount)) {
            let reader = IconReader(settings: settings)
            return { record, neighbours in
                let (annotated, problem) = reader.annotate(record, neighbours: neighbours)
                return (annotated, problem.map { [$0] } ?? [])
            }
        }
    }
}
