import ArgumentParser
import ReelCLI
import ReelCore
import ReelProfile
import ReelEvents

struct EventDetect: ToolCommand {
    static func main() { runAsTool("event-detect") }

    static let configuration = CommandConfiguration(
        commandName: "event-detect",
        abstract: "Turn annotated frame records into events: matches, kills, goals, periods.",
        discussion: """
            Reads `frame` records annotated by ocr-frame (and skull-find, digit-classify) and \
            writes `event` records as soon as each is certain. Frames are dropped unless \
            --keep-frames; other records pass through. A frame whose time is not after the \
            previous frame's is reported and skipped. See event-detect(1) and reel-records(5).

            Exit status: 0 ok, 1 failure, 64 usage, 65 bad input (malformed lines, a bad \
            profile, frames out of order), 66 a missing input or profile file, 74 output error.
            """,
        version: ReelVersion.string
    )

    @OptionGroup var input: RecordInputOptions

    @Option(help: ArgumentHelp("A built-in profile (br, football) or a JSON profile file (default br).", valueName: "name|file"), completion: .file(extensions: ["json"]))
    var profile: String?

    @Flag(help: "Print the profile as JSON and exit (a start for your own): --print-profile NAME, or with --profile.")
    var printProfile = false

    @Option(help: ArgumentHelp("With --print-profile: only the part one stage reads (sample, read or detect).", valueName: "stage"))
    var stage: String?

    @Flag(help: "Write the frame records too, before the events they lead to.")
    var keepFrames = false

    @Option(help: ArgumentHelp("Seconds of clip before each event's moment, 0 to 86400 (overrides the profile).", valueName: "s"))
    var clipBefore: Double?

    @Option(help: ArgumentHelp("Seconds of clip after each event's moment, 0 to 86400 (overrides the profile).", valueName: "s"))
    var clipAfter: Double?

    @OptionGroup var conventions: ConventionOptions

    func validate() throws {
        for (name, value) in [("--clip-before", clipBefore), ("--clip-after", clipAfter)] {
            guard let value else { continue }
            guard value >= 0, value <= Profile.maximumSeconds else {
                throw ValidationError("\(name): \(value) is out of range (0 to 86400 s)")
            }
        }
        if let stage {
            guard printProfile else { throw ValidationError("--stage: only with --print-profile") }
            guard Profile.Stage(rawValue: stage) != nil else {
                throw ValidationError("--stage: sample, read or detect, not \(stage.prefix(40))")
            }
        }
        if printProfile {
            guard input.inputs.count <= 1, profile == nil || input.inputs.isEmpty else {
                throw ValidationError("--print-profile: takes one profile, as --print-profile NAME or --profile NAME")
            }
        }
    }

    /// The profile asked for: --profile, or the name after --print-profile, or br.
    var profileName: String {
        profile ?? (printProfile ? input.inputs.first : nil) ?? "br"
    }

    static let toolName = "event-detect"

    func perform(_ run: ToolRun) throws {
        var loaded = try Profile.load(profileName)
        for key in loaded.clips.keys {
            if let before = clipBefore { loaded.clips[key]?.before = before }
            if let after = clipAfter { loaded.clips[key]?.after = after }
        }
        if printProfile {
            print(loaded.json(stage: stage.flatMap(Profile.Stage.init(rawValue:))))
            return
        }
        let detector: EventDetector = loaded.kind == "football"
            ? FootballDetector(profile: loaded) : BattleRoyaleDetector(profile: loaded)
        var previous: Double?
        try run.forEachRecord(in: input.inputs) { record, place in
            guard let reading = try FrameReading(record: record) else {
                if record.type != "frame" { try run.output.write(record) }
                return
            }
            // The detectors follow stream time forward: a frame out of order or repeated
            // would be read as time going back.
            if let previous, reading.time <= previous {
                let what = reading.time == previous ? "repeats the previous frame's time" : "is before the previous frame's"
                try run.malformed("frame at \(RecordTemplate.shortest(reading.time)) s \(what) (\(RecordTemplate.shortest(previous)) s): skipped",
                                  at: place)
                return
            }
            previous = reading.time
            if keepFrames { try run.output.write(record) }
            for event in detector.observe(reading) {
                try run.output.write(event)
            }
        }
        for event in detector.finish() {
            try run.output.write(event)
        }
    }
}
