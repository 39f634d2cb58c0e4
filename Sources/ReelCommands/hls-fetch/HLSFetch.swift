import ArgumentParser
import Glibc
import ReelCLI
import ReelClipBin
import ReelCore
import ReelHLS
import ReelHTTP
import ReelTwitch

struct HLSFetch: ToolCommand {
    static func main() { runAsTool("hls-fetch") }

    static let configuration = CommandConfiguration(
        commandName: "hls-fetch",
        abstract: "Download an HLS stream (VOD or live, or a Twitch VOD or channel) to segment files, one record per segment.",
        discussion: """
            Writes the segments of a master or media playlist to --out and a `segment` record for \
            each, in playlist order, as soon as it and those before it are on disk (so analysis \
            runs while the download goes on); -o FILE also writes the stream as one file, as \
            streamlink -o does (-o - to stdout, instead of the records). Parallel transfers, \
            retries with backoff, resume (complete files are kept, partial ones continue with \
            Range requests), AES-128, fMP4 \
            (EXT-X-MAP, prepended to each file), byte ranges, discontinuities, program date-times, \
            sequence gaps (`gap` records), Twitch ads skipped and marked, muted VOD segments \
            marked. A segment that keeps failing becomes an `error` and a `gap` record and the \
            stream goes on. See hls-fetch(1) and reel-records(5).

            Environment: REEL_TWITCH_OAUTH (an OAuth token, never printed), REEL_TWITCH_CLIENT_ID, \
            REEL_TWITCH_GQL and REEL_TWITCH_USHER (base URLs, for stand-ins).

            Exit status: 0 ok, 1 failure, 64 usage, 65 a refused playlist (bad text, other \
            schemes, over the limits), 69 the stream or a segment could not be had, 74 cannot \
            write.
            """,
        version: ReelVersion.string
    )

    @Argument(help: ArgumentHelp("A master or media playlist URL (http or https).", valueName: "url"))
    var url: String?

    @Option(name: .customLong("twitch-vod"), help: ArgumentHelp("A Twitch VOD: its id or URL.", valueName: "id"))
    var twitchVOD: String?

    @Option(name: .customLong("twitch-channel"), help: ArgumentHelp("A Twitch channel's live stream: its name or URL.", valueName: "name"))
    var twitchChannel: String?

    @Option(name: .customLong("twitch-clip"), help: ArgumentHelp("A Twitch clip: its slug or URL; its MP4 goes to --out/SLUG.mp4 and a clip record to stdout.", valueName: "slug"))
    var twitchClip: String?

    @Option(help: ArgumentHelp("Folder for the segment files.", valueName: "dir"), completion: .directory)
    var out = "segments"

    @Option(name: [.customShort("o"), .customLong("output"), .customLong("concat")],
            help: ArgumentHelp("Also write the stream, the segments joined, to this file (the records still go to stdout; '-': the stream to stdout instead of the records).", valueName: "file"),
            completion: .file())
    var output: String?

    @Option(help: ArgumentHelp("The variant: best, worst, or a name (720p60, 720p, source, audio_only).", valueName: "quality"))
    var quality = "best"

    @Flag(help: "Print the variants of the master playlist and exit: a table on a terminal, records elsewhere.")
    var list = false

    @Flag(help: "With --list: records even on a terminal.")
    var json = false

    @Option(help: ArgumentHelp("Stream time to start at (segments ending before it are skipped).", valueName: "seconds"))
    var start: Double = 0

    @Option(help: ArgumentHelp("Stream time to take from --start (live: stop after it).", valueName: "seconds"))
    var duration: Double?

    @Option(help: ArgumentHelp("Segment transfers at once.", valueName: "n"))
    var threads = 4

    @Option(help: ArgumentHelp("Attempts after the first for a segment, key or playlist that fails transiently.", valueName: "n"))
    var retries = 4

    @Option(help: ArgumentHelp("Seconds a transfer may go without receiving anything.", valueName: "seconds"))
    var timeout: Double = 10

    @Option(name: .customLong("live-edge"), help: ArgumentHelp("Live: segments back from the newest to start with.", valueName: "n"))
    var liveEdge = 3

    @Flag(name: .customLong("from-start"), help: "Live: start at the playlist's first segment (default for --twitch-vod).")
    var fromStart = false

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp("Live: stop after this long without a new segment (default: 3 target durations, at least 5 s).", valueName: "seconds"))
    var idleTimeout: Double?

    @Option(name: .customLong("max-segment-size"), help: ArgumentHelp("The largest segment accepted, in MiB (1 to 65536).", valueName: "mib"))
    var maximumSegmentSize = 512

    @OptionGroup var conventions: ConventionOptions

    func validate() throws {
        let sources = [url != nil, twitchVOD != nil, twitchChannel != nil, twitchClip != nil].filter { $0 }.count
        guard sources == 1 else {
            throw ValidationError("give one of: a playlist URL, --twitch-vod ID, --twitch-channel NAME, --twitch-clip SLUG")
        }
        if twitchClip != nil && output != nil {
            throw ValidationError("--output: not with --twitch-clip (a clip is one MP4, written to --out)")
        }
        if let twitchClip, TwitchAccess.clipSlug(parsing: twitchClip) == nil {
            throw ValidationError("--twitch-clip: not a clip slug or URL: \(twitchClip)")
        }
        if let twitchVOD, TwitchSource.vod(parsing: twitchVOD) == nil {
            throw ValidationError("--twitch-vod: not a VOD id or URL: \(twitchVOD)")
        }
        if let twitchChannel, TwitchSource.channel(parsing: twitchChannel) == nil {
            throw ValidationError("--twitch-channel: not a channel name or URL: \(twitchChannel)")
        }
        guard !json || list else { throw ValidationError("--json: only with --list") }
        guard output?.isEmpty != true else { throw ValidationError("--output: an empty file name") }
        guard (1...64).contains(threads) else { throw ValidationError("--threads: must be 1 to 64") }
        guard (0...100).contains(retries) else { throw ValidationError("--retries: must be 0 to 100") }
        guard start >= 0, start <= NumberLimits.seconds else { throw ValidationError("--start: must be 0 to 1e9 s") }
        guard duration.map({ $0 > 0 && $0 <= NumberLimits.seconds }) ?? true else {
            throw ValidationError("--duration: must be more than 0, up to 1e9 s")
        }
        guard timeout > 0, timeout <= NumberLimits.plausibleJump else { throw ValidationError("--timeout: must be more than 0, up to 86400 s") }
        guard idleTimeout.map({ $0 > 0 && $0 <= NumberLimits.plausibleJump }) ?? true else {
            throw ValidationError("--idle-timeout: must be more than 0, up to 86400 s")
        }
        guard (1...10_000).contains(liveEdge) else { throw ValidationError("--live-edge: must be 1 to 10000") }
        guard (1...Self.largestSegment).contains(maximumSegmentSize) else {
            throw ValidationError("--max-segment-size: \(maximumSegmentSize) MiB is out of range (1 to 65536)")
        }
    }

    /// The largest `--max-segment-size`, in MiB (64 GiB).
    static let largestSegment = 65_536

    static let toolName = "hls-fetch"
    var recordsOnStdout: Bool { list || output != "-" }

    func perform(_ run: ToolRun) throws {
        try fetch(run)
    }

    private func fetch(_ run: ToolRun) throws {
        if let slug = twitchClip.flatMap(TwitchAccess.clipSlug(parsing:)) {
            try fetchClip(slug, run)
            return
        }
        var playlistURL = url ?? ""
        var options = HLSFetchOptions()
        options.fromStart = fromStart
        if let source = twitchVOD.flatMap(TwitchSource.vod(parsing:)) ?? twitchChannel.flatMap(TwitchSource.channel(parsing:)) {
            var access = TwitchAccess.fromEnvironment()
            access.http.stallTimeout = timeout
            playlistURL = try access.playlistURL(for: source)
            if case .vod = source {
                options.fromStart = true
            }
        }
        options.folder = out
        options.concatenation = output
        options.quality = quality
        options.threads = threads
        options.retries = retries
        options.start = start
        options.duration = duration
        options.liveEdge = liveEdge
        options.idleTimeout = idleTimeout
        options.maximumSegmentSize = maximumSegmentSize << 20
        options.http.stallTimeout = timeout
        if list {
            try listVariants(of: playlistURL, options: options, run)
            return
        }
        // Segments of how many (a VOD's playlist says), with the MiB so far.
        var bytes = 0
        var reported: () -> (done: Int, of: Int?) = { (0, nil) }
        let fetcher = try HLSFetcher(options: options) { event in
            if case .segment(let segment) = event { bytes += segment.bytes }
            try Self.write(event, run)
            // A segment or a gap is counted once it is reported (the fetcher counts it after).
            let (before, total) = reported()
            let done: Int
            switch event {
            case .segment, .gap: done = before + 1
            case .failure, .warning, .transfer: return
            }
            run.progress.update(Double(done), of: total.map(Double.init), unit: "segments",
                                detail: Progress.amount(Double(bytes) / 1_048_576) + " MiB")
        }
        reported = { fetcher.reported }
        try fetcher.run(url: playlistURL)
        if fetcher.failureCount > 0 {
            run.diagnostics.error("\(fetcher.failureCount) segment(s) could not be fetched (see the error and gap records)",
                                  at: URLRedaction.redact(playlistURL), failure: .unavailable)
        }
    }

    /// Downloads a clip's MP4 (the rendition --quality asks for) and writes its record.
    private func fetchClip(_ slug: String, _ run: ToolRun) throws {
        var access = TwitchAccess.fromEnvironment()
        access.http.stallTimeout = timeout
        let renditions = try access.clipRenditions(slug: slug)
        guard let rendition = TwitchAccess.rendition(quality, of: renditions) else {
            throw HLSFetchError("no rendition \(quality) (there are \(renditions.map { $0.quality }.joined(separator: ", ")))",
                                at: "clip \(slug)", failure: .unavailable)
        }
        try AtomicFile.makeFolders(out)
        var downloader = ClipDownload()
        downloader.http.stallTimeout = timeout
        downloader.retries = retries
        let path = out + "/" + String(ClipBin.file(of: slug).dropFirst("clips/".count))
        let bytes = try downloader.fetch(rendition.url, to: path, name: "clip \(slug)")
        try run.output.write(Record(type: "clip", [
            "id": .string(slug), "url": .string("https://clips.twitch.tv/\(slug)"), "path": .string(path),
            "bytes": JSONValue(bytes), "quality": .string(rendition.quality), "frame_rate": JSONValue(rendition.frameRate),
        ]))
    }

    /// Writes an event's records and messages (transfers only with --verbose).
    private static func write(_ event: HLSFetchEvent, _ run: ToolRun) throws {
        switch event {
        case .segment(let segment):
            try run.output.write(segment.record)
        case .gap(let gap):
            try run.output.write(gap.record)
        case .failure(let failure):
            let place = "\(failure.url) (segment \(failure.sequence))"
            run.diagnostics.error(failure.reason, at: place, failure: .unavailable)
            try run.output.write(failure.record)
        case .warning(let message, let place):
            run.diagnostics.warning(message, at: place)
        case .transfer(let transfer):
            run.diagnostics.detail(transfer.line, at: transfer.url)
        }
    }

    private func listVariants(of playlistURL: String, options: HLSFetchOptions, _ run: ToolRun) throws {
        var http = options.http
        http.maximumBodySize = options.playlistLimits.bytes
        let startedAt = monotonicSeconds()
        let response = try HTTPClient(options: http).get(playlistURL)
        var transfer = FetchTransfer(what: "playlist", url: URLRedaction.redact(response.url), bytes: response.body.count,
                                     seconds: monotonicSeconds() - startedAt)
        guard response.status == 200 else {
            transfer.problem = response.summary
            run.diagnostics.detail(transfer.line, at: transfer.url)
            throw HLSFetchError("HTTP \(response.status)", at: URLRedaction.redact(playlistURL), failure: .unavailable)
        }
        let playlist = try HLSPlaylist.parse(response.body, source: URLRedaction.redact(playlistURL), limits: options.playlistLimits)
        guard case .master(let master) = playlist else {
            throw HLSFetchError("a media playlist has no variants to list", at: URLRedaction.redact(playlistURL), failure: .badInput)
        }
        transfer.detail = HLSFetcher.summary(of: playlist)
        run.diagnostics.detail(transfer.line, at: transfer.url)
        for warning in master.warnings {
            run.diagnostics.warning(warning.reason, at: warning.location)
        }
        if isatty(1) == 1 && !json {
            try run.output.write(text: VariantTable(master, base: response.url).text(width: VariantTable.terminalWidth()))
            return
        }
        let best = master.variant(for: "best")
        for variant in master.variants {
            try run.output.write(variant.record(in: master, base: response.url, isBest: variant == best))
        }
    }
}
