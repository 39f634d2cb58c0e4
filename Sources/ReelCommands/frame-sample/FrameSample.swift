import ArgumentParser
import Foundation
import ReelCLI
import ReelCore
import ReelMedia
import ReelProfile

extension SampleMode: ExpressibleByArgument {}

struct FrameSample: ToolCommand {
    static func main() { runAsTool("frame-sample") }

    static let configuration = CommandConfiguration(
        commandName: "frame-sample",
        abstract: "Sample frames of a video stream, cropped to named regions, decoding only what it needs.",
        discussion: """
            Input: video files as arguments (one stream, in order), or `segment` records on stdin \
            (from hls-fetch), handled as they arrive. Output: one `frame` record per sample with \
            its crops written as PGM (or PPM) images under --out; segment records follow their \
            frames, other records pass through. \
            See frame-sample(1) and reel-records(5).

            Exit status: 0 ok, 1 failure, 64 usage, 65 bad input (malformed lines, corrupt or \
            non-video files), 66 a missing file, 74 cannot write images or output.
            """,
        version: ReelVersion.string
    )

    @Argument(help: ArgumentHelp("Video files: one stream, in order. None: segment records on stdin.", valueName: "video"), completion: .file())
    var videos: [String] = []

    @Option(help: ArgumentHelp("A profile (built-in name or file): its crops and sampling, unless options say otherwise.", valueName: "name|file"), completion: .file(extensions: ["json"]))
    var profile: String?

    @Option(help: ArgumentHelp("Seconds of stream time between samples (default: the profile's, else 3).", valueName: "seconds"))
    var every: Double?

    @Option(help: ArgumentHelp("Sample at these stream times instead (comma-separated seconds).", valueName: "t,t,..."))
    var at: String?

    @Flag(help: "Sample at the `t` fields of the records on stdin (which pass through); videos come from the arguments.")
    var atRecords = false

    @Option(help: ArgumentHelp("No samples before this stream time.", valueName: "seconds"))
    var start: Double = 0

    @Option(help: ArgumentHelp("No samples after this stream time.", valueName: "seconds"))
    var end: Double?

    @Option(help: ArgumentHelp(
        "Only the targets from START (included) to END (left out) of the grid --every and --start make (or of --at): one part of a stream read in parts, its frames those the whole stream gives (a key frame may lie past END). A whole file is entered by seeking near START.",
        valueName: "start,end"))
    var part: String?

    @Option(help: "key: the first keyframe at or after each time (decodes keyframes only); exact: the frame shown at each time (default: the profile's, else key).")
    var mode: SampleMode?

    @Option(name: .customLong("crop"), help: ArgumentHelp(
        "A region to keep: NAME=x,y,w,h in fractions of the frame (all at most 1) or pixels. Repeatable; default the whole frame as `full`.",
        valueName: "name=x,y,w,h"))
    var crops: [CropSpec] = []

    @Flag(help: "Images in gray, PGM (the default).")
    var gray = false

    @Flag(help: "Images in colour, PPM.")
    var rgb = false

    @Option(help: ArgumentHelp("Scale each crop to this height in pixels (keeping its aspect).", valueName: "pixels"))
    var scale: Int?

    @Option(help: ArgumentHelp("Scale crops as if the frame were at most this tall (never up): readers cost the same at every resolution (default: the profile's).", valueName: "pixels"))
    var frameHeight: Int?

    @Option(help: ArgumentHelp("Image files: pgm (gray), ppm (colour) or png (either, for people and pages; slower to write).", valueName: "format"))
    var imageFormat: ImageFormat?

    @Option(help: ArgumentHelp("Folder for the images (one subfolder per crop).", valueName: "dir"), completion: .directory)
    var out = "frames"

    @Option(help: ArgumentHelp("Decoding threads (default: the cores, up to 4).", valueName: "n"))
    var threads: Int?

    @OptionGroup var conventions: ConventionOptions

    /// The shortest `--every`: a frame at 1000 fps. Below one frame the grid would only ask
    /// for the same frames again (and grow without bound).
    static let shortestInterval = 0.001

    func validate() throws {
        if let every {
            guard every >= Self.shortestInterval, every <= NumberLimits.seconds else {
                throw ValidationError("--every: \(every) s is out of range (0.001 s, one frame at 1000 fps, to 1e9 s)")
            }
        }
        guard frameHeight.map({ (16...8640).contains($0) }) ?? true else { throw ValidationError("--frame-height: must be 16 to 8640 pixels") }
        guard scale == nil || frameHeight == nil else { throw ValidationError("--scale and --frame-height exclude each other") }
        guard threads.map({ (1...64).contains($0) }) ?? true else { throw ValidationError("--threads: must be 1 to 64") }
        guard !(gray && rgb) else { throw ValidationError("--gray and --rgb exclude each other") }
        guard scale.map({ $0 >= 2 && $0 <= 8192 }) ?? true else { throw ValidationError("--scale: must be 2 to 8192 pixels") }
        guard start >= 0, start <= NumberLimits.seconds else { throw ValidationError("--start: must be 0 to 1e9 s") }
        guard end.map({ $0 >= start && $0 <= NumberLimits.seconds }) ?? true else {
            throw ValidationError("--end: must be from --start to 1e9 s")
        }
        if atRecords && videos.isEmpty { throw ValidationError("--at-records: needs video files as arguments") }
        if atRecords && at != nil { throw ValidationError("--at and --at-records exclude each other") }
        if let part, parsePart(part) == nil {
            throw ValidationError("--part: takes START,END in seconds, 0 <= START < END <= 1e9 (END may be inf), e.g. --part 60,120")
        }
        if let at, parseTimes(at) == nil { throw ValidationError("--at: takes comma-separated seconds from 0 to 1e9, e.g. --at 12.5,30") }
        if Set(crops.map(\.name)).count != crops.count { throw ValidationError("--crop: two regions share a name") }
    }

    /// A profile's crops as options would give them.
    static func crops(of profile: Profile) throws -> [CropSpec] {
        try profile.crops.sorted { $0.key < $1.key }.map { name, box in
            guard let crop = CropSpec(argument: "\(name)=\(box)") else {
                throw ToolError("crop \(name) must be x,y,w,h", at: "profile \(profile.name)", failure: .badInput)
            }
            return crop
        }
    }

    private func parseTimes(_ text: String) -> [Double]? {
        let parts = text.split(separator: ",")
        let times = parts.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        return times.count == parts.count && !times.isEmpty && times.allSatisfy({ $0 >= 0 && $0 <= NumberLimits.seconds })
            ? times : nil
    }

    /// `START,END` of --part: finite START from 0, END after it (or `inf`), both within 1e9 s.
    private func parsePart(_ text: String) -> (Double, Double)? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let first = Double(parts[0]), let second = Double(parts[1]),
              first.isFinite, first >= 0, first <= NumberLimits.seconds,
              second > first, second <= NumberLimits.seconds || second == .infinity else { return nil }
        return (first, second)
    }

    static let toolName = "frame-sample"

    func perform(_ run: ToolRun) throws {
        LibAVLog.configure()
        try sample(run)
    }

    private func sample(_ run: ToolRun) throws {
        let profile = try self.profile.map { try Profile.load($0) }
        let every = every ?? profile?.sampling.every ?? 3
        let mode = mode ?? profile.flatMap { SampleMode(rawValue: $0.sampling.mode) } ?? .key
        let crops = !crops.isEmpty ? crops : try profile.map { try Self.crops(of: $0) } ?? []
        let color = imageFormat == .ppm || (imageFormat != .pgm && !gray && (rgb || profile?.sampling.rgb == true))
        let format = imageFormat ?? (color ? .ppm : .pgm)
        var targets = SampleTargets.every(every, start: start, end: end ?? .infinity)
        if let at, let times = parseTimes(at) {
            targets = .at(times, start: start, end: end ?? .infinity)
        } else if atRecords {
            var times: [Double] = []
            try run.forEachRecord(in: ["-"]) { record in
                if let t = try record.seconds("t") { times.append(t) }
                try run.output.write(record)
            }
            targets = .at(times, start: start, end: end ?? .infinity)
        }
        var seekTo: Double?
        if let part, let range = parsePart(part) {
            let (first, last) = range
            targets.skip(below: first)
            targets = targets.window(below: last)
            seekTo = first
        }
        let scaling: FrameWriter.Scaling = scale.map { .height($0) }
            ?? (frameHeight ?? (scale == nil ? profile?.sampling.height : nil)).map { .frameHeight($0) } ?? .none
        let writer = FrameWriter(crops: crops.isEmpty ? [.full] : crops, color: color, format: format, scaling: scaling, folder: out)
        let workers = threads ?? min(4, ProcessInfo.processInfo.activeProcessorCount)
        let sampler = FrameSampler(mode: mode, targets: targets, workers: workers) { place, problem in
            run.diagnostics.error(problem, at: place, failure: .badInput)
        }
        // Only the first file of a stream given as files is entered by seeking: the timeline
        // starts in it.
        sampler.seekTo = videos.isEmpty ? nil : seekTo
        // How far: stream seconds of the files' length (a pipeline's segments have none known).
        var frames = 0
        let length = run.progress.isEnabled && videos.count == 1 ? (try? InputFile(path: videos[0]))?.info.duration : nil
        let emit = { (sample: SampledFrame) throws in
            try run.output.write(try writer.record(for: sample))
            frames += 1
            run.progress.update(max(0, sample.time), of: length, unit: "s", detail: "\(frames) frames")
        }
        if videos.isEmpty {
            try run.forEachRecord(in: []) { record in
                guard let segment = SegmentRecord(record), !segment.isSkippedAdvertisement else {
                    try run.output.write(record)
                    return
                }
                try sampleSegment(segment, sampler: sampler, run: run, emit: emit)
                // After its frames, for the tools downstream that cut or fetch by segment.
                try run.output.write(record)
            }
        } else {
            for video in videos where !sampler.isDone {
                try sampleFile(video, start: nil, discontinuity: false, sampler: sampler, run: run, emit: emit)
            }
        }
        try sampler.finish(emit: emit)
    }

    private func sampleSegment(_ segment: SegmentRecord, sampler: FrameSampler, run: ToolRun,
                               emit: (SampledFrame) throws -> Void) throws {
        guard let path = segment.path else {
            run.diagnostics.error("segment record without a path", at: "stdin", failure: .badInput)
            return
        }
        try sampleFile(path, start: try segment.start, discontinuity: segment.discontinuity,
                       sampler: sampler, run: run, emit: emit)
    }

    private func sampleFile(_ path: String, start: Double?, discontinuity: Bool, sampler: FrameSampler,
                            run: ToolRun, emit: (SampledFrame) throws -> Void) throws {
        let file: InputFile
        do {
            file = try InputFile(path: path)
        } catch {
            run.diagnostics.error(error)
            return
        }
        do {
            try sampler.sample(file, start: start, discontinuity: discontinuity, emit: emit)
        } catch let error as MediaError {
            run.diagnostics.error(error)
        }
    }
}
