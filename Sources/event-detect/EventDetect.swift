import ArgumentParser
import ReelCore
import ReelProfile
import ReelEvents

@main
struct EventDetect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event-detect",
        abstract: "Turn annotated frame records into events: matches, kills, goals, periods.",
        discussion: """
            Reads `frame` records annotated by ocr-frame (and skull-find, digit-classify) and \
            writes `event` records as soon as each is certain. Frames are dropped unless \
            --keep-frames; other records pass through. See event-detect(1) and reel-records(5).

            Exit status: 0 ok, 1 failure, 64 usage, 65 bad input (malformed lines, a bad \
            profile), 66 a missing input or profile file, 74 output error.
            """)

    @OptionGroup var input: RecordInputOptions

    @Option(help: ArgumentHelp("A built-in profile (br, football) or a JSON profile file.", valueName: "name|file"))
    var profile = "br"

    @Flag(help: "Print the profile as JSON and exit (a start for your own).")
    var printProfile = false

    @Flag(help: "Write the frame records too, before the events they lead to.")
    var keepFrames = false

    @Option(help: ArgumentHelp("Seconds of clip before each event's moment (overrides the profile).", valueName: "s"))
    var clipBefore: Double?

    @Option(help: ArgumentHelp("Seconds of clip after each event's moment (overrides the profile).", valueName: "s"))
    var clipAfter: Double?

    @OptionGroup var conventions: ConventionOptions

    func validate() throws {
        guard clipBefore.map({ $0 >= 0 }) ?? true, clipAfter.map({ $0 >= 0 }) ?? true else {
            throw ValidationError("clip windows must not be negative")
        }
    }

    mutating func run() throws {
        let command = self
        try ToolRun.perform("event-detect", options: conventions) { run in
            var loaded = try Profile.load(command.profile)
            for key in loaded.clips.keys {
                if let before = command.clipBefore { loaded.clips[key]?.before = before }
                if let after = command.clipAfter { loaded.clips[key]?.after = after }
            }
            if command.printProfile {
                print(loaded.json)
                return
            }
            let detector: EventDetector = loaded.kind == "football"
                ? FootballDetector(profile: loaded) : BattleRoyaleDetector(profile: loaded)
            try run.forEachRecord(in: command.input.inputs) { record in
                guard let reading = FrameReading(record: record) else {
                    if record.type != "frame" { try run.output.write(record) }
                    return
                }
                if command.keepFrames { try run.output.write(record) }
                for event in detector.observe(reading) {
                    try run.output.write(event)
                }
            }
            for event in detector.finish() {
                try run.output.write(event)
            }
        }
    }
}
