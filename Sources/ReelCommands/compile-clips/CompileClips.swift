import ArgumentParser
import ClipCutTool
import Glibc
import ReelCLI
import ReelCore
import ReelMedia

extension TextOverlay.Style.Position: ExpressibleByArgument {}

struct CompileClips: ToolCommand {
    static func main() { runAsTool("compile-clips") }

    static let configuration = CommandConfiguration(
        commandName: "compile-clips",
        abstract: "Join clip records into one video with intro, outro, interval cards, trims, volume and music.",
        discussion: """
            Reads `clip` records in order (all records pass through) and writes one video and \
            one `compilation` record. Clip fields honoured: keep (false skips), trim_start, \
            trim_end (seconds, 0 to 1e9, together shorter than the clip), volume (0 to 10), \
            title, channel, url; a clip whose fields are out of range is reported and left out. \
            Clips of one source that overlap (clip-cut's source, start and end; Twitch's \
            video_id and vod_offset) are trimmed so no footage is shown twice (a clip wholly \
            shown already is left out), each change said on stderr. --name-overlay draws each \
            clip's channel (and with --name-title its title) over its first seconds; \
            --credits-card ends the video with a card of the clips' channels and links. \
            When every piece shares codec parameters and nothing is trimmed, turned or mixed, the \
            pieces are joined by stream copy; otherwise only what must change is re-encoded \
            (H.264 + AAC). `-o -`, a FIFO or a device (/dev/null) is written straight to (stdout \
            then carries the video, not records). See compile-clips(1).

            Exit status: 0 ok, 1 failure, 64 usage, 65 bad input (malformed lines, unreadable \
            clips), 66 a missing clip or card, 74 cannot write.
            """,
        version: ReelVersion.string
    )

    @OptionGroup var inputs: RecordInputOptions

    @Option(name: [.short, .long], help: ArgumentHelp("The video to write ('-' for stdout, which then carries no records).", valueName: "file"), completion: .file())
    var output: String

    @Option(help: ArgumentHelp("A video or still image shown first.", valueName: "file"), completion: .file())
    var intro: String?

    @Option(help: ArgumentHelp("A video or still image shown last.", valueName: "file"), completion: .file())
    var outro: String?

    @Option(help: ArgumentHelp("A video or still image shown between every two clips.", valueName: "file"), completion: .file())
    var interval: String?

    @Option(help: ArgumentHelp("Seconds a still image card is shown.", valueName: "seconds"))
    var cardDuration: Double = 3

    @Option(help: ArgumentHelp("Music played (looped) under the whole video.", valueName: "file"), completion: .file())
    var music: String?

    @Option(help: ArgumentHelp("Volume of the music, a factor.", valueName: "factor"))
    var musicVolume: Double = 0.25

    @Option(help: ArgumentHelp("Frame size of the result (default: the first clip's).", valueName: "WxH"))
    var size: String?

    @Option(help: ArgumentHelp("Frame rate of the result (default: the first clip's).", valueName: "fps"))
    var fps: Double?

    @Option(help: ArgumentHelp("Write the credits here: one line per clip, channel and link, in order.", valueName: "file"), completion: .file())
    var credits: String?

    @Option(help: "Container: mp4 (index at the front) or ts.")
    var format: OutputFile.Container = .mp4

    @Option(help: ArgumentHelp("The clip (its id or path) shown first, before the others.", valueName: "clip"))
    var first: String?

    @Flag(help: "Draw each clip's channel over its first seconds (those pieces are re-encoded).")
    var nameOverlay = false

    @Flag(help: "With --name-overlay, the clip's title under the channel.")
    var nameTitle = false

    @Option(help: ArgumentHelp("Seconds the name is shown from each clip's start.", valueName: "seconds"))
    var nameSeconds: Double = 4

    @Option(help: ArgumentHelp("Where the name goes: top-left, top-right, bottom-left, bottom-right, center.", valueName: "place"))
    var namePosition: TextOverlay.Style.Position = .bottomLeft

    @Option(help: ArgumentHelp("Height of the name in pixels at 720 lines (scaled with the picture).", valueName: "pixels"))
    var nameSize: Double = 40

    @Option(help: ArgumentHelp("The font: a TTF or OTF file, or a fontconfig name (default DejaVu Sans Bold).", valueName: "font"),
            completion: .file(extensions: ["ttf", "otf"]))
    var font: String = TextOverlay.Style.defaultFont

    @Option(help: ArgumentHelp("The channel of clips that do not name one (reel's own clips), for names and credits.", valueName: "name"))
    var channel: String?

    @Flag(help: "End with a card of the clips' channels and links.")
    var creditsCard = false

    @Option(help: ArgumentHelp("Seconds the credits card is shown.", valueName: "seconds"))
    var creditsSeconds: Double = 5

    @OptionGroup var conventions: ConventionOptions

    /// The loudest `volume` a clip may ask for.
    static let maximumVolume = 10.0

    func validate() throws {
        if let size, parseSize(size) == nil { throw ValidationError("--size: takes WxH with even numbers, e.g. 1280x720") }
        guard fps.map({ $0 > 0 && $0 <= 240 }) ?? true else { throw ValidationError("--fps: must be 0 to 240") }
        guard cardDuration > 0, cardDuration <= 600 else { throw ValidationError("--card-duration: must be 0 to 600 seconds") }
        guard musicVolume >= 0, musicVolume <= Self.maximumVolume else { throw ValidationError("--music-volume: must be 0 to 10") }
        guard !(output == "-" && credits == "-") else { throw ValidationError("--output and --credits cannot both be stdout (-)") }
        guard nameSeconds > 0, nameSeconds <= 600 else { throw ValidationError("--name-seconds: must be 0 to 600 seconds") }
        guard nameSize >= 6, nameSize <= 400 else { throw ValidationError("--name-size: must be 6 to 400 pixels") }
        guard creditsSeconds > 0, creditsSeconds <= 600 else { throw ValidationError("--credits-seconds: must be 0 to 600 seconds") }
        guard !font.isEmpty, font.utf8.count <= 4096 else { throw ValidationError("--font: a font file or a fontconfig name") }
    }

    func parseSize(_ text: String) -> (Int, Int)? {
        let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, (2...8192).contains(parts[0]), (2...8192).contains(parts[1]),
              parts[0] % 2 == 0, parts[1] % 2 == 0 else { return nil }
        return (parts[0], parts[1])
    }

    /// Compiles; the reader of stdout gone (`-o -` into `| head`) ends the run quietly.
    static func compile(_ pieces: [CompilationPiece], into output: String, with compiler: ClipCompiler,
                        progress: Progress) throws -> CompiledVideo {
        let result: Result<CompiledVideo, MediaError>
        do {
            result = .success(try compiler.compile(pieces, into: output) { joined in
                progress.update(Double(joined), of: Double(pieces.count), unit: "pieces")
            })
        } catch {
            result = .failure(error)
        }
        if case .failure(let error) = result, error.isOutputClosed {
            throw OutputClosed()
        }
        return try result.get()
    }

    /// The seconds of pictures a clip file holds, when it says.
    static func duration(of path: String) -> Double? {
        guard let file = try? InputFile(path: path) else { return nil }
        return (file.info.video?.duration ?? file.info.duration).flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
    }

    static let toolName = "compile-clips"
    var recordsOnStdout: Bool { output != "-" && credits != "-" }

    func perform(_ run: ToolRun) throws {
        LibAVLog.configure()
        try compile(run)
    }

    /// A kept clip and its edits.
    struct Kept {
        var record: Record
        var trimStart: Double
        var trimEnd: Double
        var volume: Double
        var place: String
    }

    private func compile(_ run: ToolRun) throws {
        var clips: [Kept] = []
        try run.forEachRecord(in: inputs.inputs) { record, place in
            try run.output.write(record)
            guard let clip = ClipRecord(record), clip.isKept else { return }
            guard let path = clip.path else {
                run.diagnostics.error("a clip record without a path", at: place, failure: .badInput)
                return
            }
            // Checked where they enter: a field out of range leaves the clip out (status 65).
            let trimStart = try clip.trimStart ?? 0
            let trimEnd = try clip.trimEnd ?? 0
            let volume = try clip.volume(upTo: Self.maximumVolume) ?? 1
            guard access(path, R_OK) == 0 else {
                run.diagnostics.error(String(cString: strerror(errno)) + "; the clip is left out", at: path, failure: .missingInput)
                return
            }
            if trimStart > 0 || trimEnd > 0, let length = Self.duration(of: path), trimStart + trimEnd >= length {
                run.diagnostics.error("trim_start \(RecordTemplate.shortest(trimStart)) s and trim_end \(RecordTemplate.shortest(trimEnd)) s leave nothing of the clip's \(RecordTemplate.shortest(length)) s; the clip is left out",
                                      at: place, failure: .badInput)
                return
            }
            clips.append(Kept(record: record, trimStart: trimStart, trimEnd: trimEnd, volume: volume, place: place))
        }
        if let first {
            guard let index = clips.firstIndex(where: { ClipRecord(unchecked: $0.record).id == first || ClipRecord(unchecked: $0.record).path == first }) else {
                throw ToolError("no kept clip has this id or path", at: "--first \(first)", failure: .badInput)
            }
            clips.insert(clips.remove(at: index), at: 0)
        }
        clips = withoutRepeats(clips, run: run)
        let card = { (path: String?) -> CompilationPiece? in
            guard let path else { return nil }
            guard access(path, R_OK) == 0 else {
                run.diagnostics.error(String(cString: strerror(errno)) + "; the card is left out", at: path, failure: .missingInput)
                return nil
            }
            return CompilationPiece(path: path, stillDuration: cardDuration)
        }
        guard !clips.isEmpty else {
            run.diagnostics.error("no clips to compile", at: "stdin", failure: .badInput)
            return
        }
        let records = clips.map(\.record)
        let intervalCard = card(interval)
        var pieces: [CompilationPiece] = []
        if let introCard = card(intro) { pieces.append(introCard) }
        for (index, clip) in clips.enumerated() {
            if index > 0, let intervalCard { pieces.append(intervalCard) }
            var piece = CompilationPiece(path: ClipRecord(unchecked: clip.record).path ?? "", trimStart: clip.trimStart,
                                         trimEnd: clip.trimEnd, volume: clip.volume)
            if nameOverlay, let name = Credits.channel(of: clip.record, fallback: channel) {
                piece.text = [name] + (nameTitle ? [ClipRecord(unchecked: clip.record).title ?? ""] : [])
                piece.textSeconds = nameSeconds
            }
            pieces.append(piece)
        }
        if let outroCard = card(outro) { pieces.append(outroCard) }

        var settings = ClipCompiler.Settings()
        if let size, let (width, height) = parseSize(size) {
            settings.width = width
            settings.height = height
        }
        settings.framesPerSecond = fps
        settings.music = music
        settings.musicVolume = musicVolume
        settings.container = format
        settings.textStyle = TextOverlay.Style(font: font, size: nameSize, position: namePosition)
        let compiler = ClipCompiler(settings: settings) { place, problem in run.diagnostics.warning(problem, at: place) }
        let folder = output.contains("/") ? String(output[..<(output.lastIndex(of: "/") ?? output.endIndex)]) : ""
        if !folder.isEmpty { try AtomicFile.makeFolders(folder) }
        var blank: String?
        defer { if let blank { unlink(blank) } }
        if creditsCard {
            let lines = Credits.card(for: records, fallback: channel)
            if lines.isEmpty {
                run.diagnostics.warning("no clip names a channel or a link (--channel names one): no credits card", at: output)
            } else {
                let (temporary, descriptor) = try AtomicFile.createTemporary(for: output + ".credits.png")
                close(descriptor)
                blank = temporary
                try AtomicFile.write(CreditsCard.blankPNG(), to: temporary)
                var credits = CompilationPiece(path: temporary, stillDuration: creditsSeconds, text: lines)
                credits.textStyle = TextOverlay.Style(font: font, size: 34, position: .center)
                pieces.append(credits)
            }
        }
        let made = try Self.compile(pieces, into: output, with: compiler, progress: run.progress)
        if let credits {
            try AtomicFile.write(Array(Credits.text(for: records, fallback: channel).utf8), to: credits)
        }
        let compilation = CompilationRecord(path: output, duration: made.duration,
                                            clips: records.compactMap { ClipRecord(unchecked: $0).path },
                                            method: made.method.rawValue, credits: credits)
        try run.output.write(compilation.record)
    }

    /// `clips` with what repeats footage of an earlier clip of the same source trimmed or left
    /// out, each change said.
    private func withoutRepeats(_ clips: [Kept], run: ToolRun) -> [Kept] {
        var overlaps = Overlaps()
        return clips.compactMap { clip in
            var clip = clip
            let path = ClipRecord(unchecked: clip.record).path ?? ""
            let name = ClipRecord(unchecked: clip.record).id ?? String(path.split(separator: "/").last ?? "")
            switch overlaps.resolve(clip.record, trimStart: clip.trimStart, trimEnd: clip.trimEnd, name: name) {
            case .unchanged:
                return clip
            case .trimmed(let trimStart, let trimEnd, let note):
                run.diagnostics.warning(note, at: path)
                clip.trimStart = trimStart
                clip.trimEnd = trimEnd
                return clip
            case .repeated(let twin):
                run.diagnostics.warning("everything it shows is in \(twin) already: left out", at: path)
                return nil
            }
        }
    }
}
