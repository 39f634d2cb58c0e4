import ArgumentParser
import Glibc
import ReelCLI
import ReelCore
import ReelEvents
import ReelMedia

/// `--format mp4|mkv|ts` (clip-cut and compile-clips).
extension OutputFile.Container: ExpressibleByArgument {}

struct ClipCut: ToolCommand {
    static func main() { runAsTool("clip-cut") }

    static let configuration = CommandConfiguration(
        commandName: "clip-cut",
        abstract: "Cut clips for event records out of a video or the segments of an HLS download, by stream copy.",
        discussion: """
            Reads records; for each `event` with a window (`clip.start`/`clip.end`, else \
            `start`/`end`, else `t` with --before/--after) cuts a clip from the source and emits \
            a `clip` record after the event. All records pass through. The source is --source \
            FILE, the segment records of --segments FILE, or `segment` records earlier on stdin \
            (an event then waits until the segments its window needs have arrived). See \
            clip-cut(1) and reel-records(5).

            Exit status: 0 ok, 1 failure, 64 usage, 65 bad input (malformed lines, damaged \
            video), 66 a missing source or segment, 74 cannot write a clip or output.
            """,
        version: ReelVersion.string
    )

    @OptionGroup var inputs: RecordInputOptions

    @Option(help: ArgumentHelp("The video to cut from.", valueName: "file"), completion: .file())
    var source: String?

    @Option(help: ArgumentHelp("NDJSON with the segment records of an hls-fetch run to cut from.", valueName: "file"), completion: .file())
    var segments: String?

    @Option(help: ArgumentHelp("Seconds before `t` for events with only a moment.", valueName: "seconds"))
    var before: Double = 10

    @Option(help: ArgumentHelp("Seconds after `t` for events with only a moment.", valueName: "seconds"))
    var after: Double = 5

    @Option(help: ArgumentHelp("Cut only events of this kind (repeatable; default every event with a window).", valueName: "kind"))
    var kind: [String] = []

    @Flag(help: "Start at the frame shown at the window's start: re-encode up to the next keyframe, copy the rest (smart cut).")
    var accurate = false

    @Option(help: "Container of the clips: mp4 (index at the front) or ts.")
    var format: OutputFile.Container = .mp4

    @Option(help: ArgumentHelp("File name from event fields ({kind}, {start}, {end}, {t}, any field, {a.b}); the extension is added.",
                               valueName: "template"))
    var name = "{kind}-{start}"

    @Option(help: ArgumentHelp("Folder for the clips.", valueName: "dir"), completion: .directory)
    var out = "clips"

    @Flag(help: "Cut again even when the clip file already exists.")
    var force = false

    @OptionGroup var conventions: ConventionOptions

    func validate() throws {
        guard source == nil || segments == nil else { throw ValidationError("--source and --segments exclude each other") }
        guard before >= 0, after >= 0, before <= NumberLimits.plausibleJump, after <= NumberLimits.plausibleJump else {
            throw ValidationError("--before and --after: must be seconds from 0 to 86400")
        }
        do {
            _ = try RecordTemplate(name)
        } catch {
            throw ValidationError("--name: \(error.reason)")
        }
    }

    static let toolName = "clip-cut"

    func perform(_ run: ToolRun) throws {
        LibAVLog.configure()
        try cutClips(run)
    }

    private func cutClips(_ run: ToolRun) throws {
        let template = try RecordTemplate(name)
        try AtomicFile.makeFolders(out)
        var job = ClipJob(run: run, template: template, folder: out, container: format, accurate: accurate, force: force)
        if let source {
            job.source = access(source, R_OK) == 0 ? ClipSource(file: source) : nil
            if job.source == nil {
                run.diagnostics.error(String(cString: strerror(errno)), at: source, failure: .missingInput)
            }
        } else if let segments {
            var pieces: [ClipSource.Piece] = []
            try run.forEachRecord(in: [segments]) { record in
                if let piece = try ClipJob.piece(of: record), ClipJob.followsOn(piece, after: pieces.last?.end, run: run) {
                    pieces.append(piece)
                }
            }
            job.source = pieces.isEmpty ? nil : ClipSource(pieces: pieces)
            if pieces.isEmpty {
                run.diagnostics.error("no segment records", at: segments, failure: .badInput)
            }
        } else {
            job.followsSegments = true
        }
        let kinds = Set(kind)
        try run.forEachRecord(in: inputs.inputs) { record, place in
            try run.output.write(record)
            switch record.type {
            case "segment" where job.followsSegments:
                try job.add(segment: record)
            case "event" where kinds.isEmpty || kinds.contains(EventRecord(unchecked: record).kind ?? ""):
                guard let window = try EventWindow(event: record, before: before, after: after) else {
                    run.diagnostics.warning("an event without a usable window (clip, start/end or t): skipped", at: place)
                    return
                }
                try job.request(record, window: window)
            default:
                break
            }
        }
        try job.finish()
    }
}
