import ArgumentParser
import Foundation
import ReelCLI
import ReelCore
import ReelOCR
import ReelProfile

struct OCRFrame: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocr-frame",
        abstract: "Read the text in the crops of frame records with Tesseract.",
        discussion: """
            Reads `frame` records (from frame-sample) and adds `ocr: {NAME: {text, conf}}` for \
            each region read, or `{skipped: true}` for a region that cannot hold a line of text. \
            Other records and fields pass through. See ocr-frame(1) and reel-records(5).

            Exit status: 0 ok, 1 failure, 64 usage, 65 bad input (malformed lines, missing or \
            unreadable images), 69 Tesseract's language data missing, 74 output error.
            """,
        version: ReelVersion.string
    )

    @OptionGroup var input: RecordInputOptions

    @Option(help: ArgumentHelp("A profile (built-in name or file): its regions and reading settings, unless options say otherwise.", valueName: "name|file"), completion: .file(extensions: ["json"]))
    var profile: String?

    @Option(name: .customLong("roi"), help: ArgumentHelp("A crop to read (repeatable; default every crop).", valueName: "name"))
    var crops: [String] = []

    @Option(name: .customLong("rect"), help: ArgumentHelp(
        "A part of a crop to read: CROP=x,y,w,h or LABEL=CROP:x,y,w,h, in fractions of the crop (repeatable).",
        valueName: "label=crop:x,y,w,h"))
    var regions: [RegionSpec] = []

    @Option(help: ArgumentHelp("Tesseract page segmentation mode (7: a single line).", valueName: "n"))
    var psm = 7

    @Option(help: ArgumentHelp("Only these characters may be read.", valueName: "chars"))
    var whitelist: String?

    @Option(help: ArgumentHelp("Tesseract language(s), e.g. eng or eng+deu.", valueName: "lang"))
    var lang = "eng"

    @Option(help: ArgumentHelp("Folder of Tesseract's language data.", valueName: "dir"), completion: .directory)
    var tessdata: String?

    @Option(help: "Which way round text is: auto, yes (light text on a darker ground), no (dark text) (default: the profile's, else auto).")
    var invert: String?

    @Option(help: ArgumentHelp("Readings below this confidence (0-100) are `unread` instead of text (default: the profile's, else 40).", valueName: "n"))
    var minConf: Int?

    @Option(help: ArgumentHelp("Neighbouring frames looked at together when a frame alone shows no clean line (1: each alone).", valueName: "k"))
    var window = 3

    @Option(help: ArgumentHelp("Rescale text to about this height in pixels (0: keep its size).", valueName: "px"))
    var height = 32

    @Option(help: ArgumentHelp("Lines of fewer character shapes are not read (0: any; default: the profile's, a third of the shortest text each region's patterns match).", valueName: "n"))
    var minCharacters: Int?

    @Flag(help: "Read every region, even those that cannot hold a line of text.")
    var noGate = false

    @Flag(help: "The text is in capitals: read either case, write capitals (Tesseract takes capitals next to a descender for lowercase).")
    var upper = false

    @Flag(help: "Let Tesseract's dictionaries guide it (off by default: HUD texts are codes, not words).")
    var dictionary = false

    @Option(help: ArgumentHelp("Write the image Tesseract saw for each region read into this folder (to tune regions).", valueName: "dir"), completion: .directory)
    var keepPrepared: String?

    @Option(help: ArgumentHelp("Reading threads, one Tesseract engine each (default: the cores, up to 4).", valueName: "n"))
    var threads: Int?

    @OptionGroup var conventions: ConventionOptions

    func validate() throws {
        guard PageSegmentation(rawValue: psm) != nil else {
            throw ValidationError("--psm must be one of \(PageSegmentation.allCases.map(\.rawValue))")
        }
        guard invert.map({ ["auto", "yes", "no"].contains($0) }) ?? true else { throw ValidationError("--invert takes auto, yes or no") }
        guard minConf.map({ (0...100).contains($0) }) ?? true else { throw ValidationError("--min-conf must be 0 to 100") }
        guard minCharacters.map({ (0...100).contains($0) }) ?? true else { throw ValidationError("--min-characters must be 0 to 100") }
        guard (1...15).contains(window) else { throw ValidationError("--window must be 1 to 15 frames") }
        guard (0...400).contains(height) else { throw ValidationError("--height must be 0 to 400 pixels") }
        guard threads.map({ (1...64).contains($0) }) ?? true else { throw ValidationError("--threads must be 1 to 64") }
        guard Set(regions.map(\.label)).count == regions.count else { throw ValidationError("two --rect regions share a label") }
    }

    /// The reading settings of each region: the options over the profile's (and its overrides).
    func settings(_ profile: Profile?) -> (regions: [RegionSpec], options: [String: ReadingOptions]) {
        func options(whitelist: String?, invert: String?, upper: Bool) -> ReadingOptions {
            var options = ReadingOptions()
            options.segmentation = PageSegmentation(rawValue: psm) ?? .singleLine
            options.allowedCharacters = whitelist
            let way = invert ?? "auto"
            options.polarity = way == "yes" ? .light : way == "no" ? .dark : .auto
            options.characterHeight = height > 0 ? height : nil
            options.gate = !noGate
            options.capitals = upper
            options.minimumConfidence = minConf ?? profile?.ocr.minConfidence.map { Int($0) } ?? 40
            return options
        }
        var wanted = regions
        if wanted.isEmpty {
            let names = !crops.isEmpty ? crops : profile?.ocr.regions ?? []
            wanted = names.map { RegionSpec(label: $0, crop: $0) }
        }
        let ocr = profile?.ocr
        let base = options(whitelist: whitelist ?? ocr?.whitelist, invert: invert ?? ocr?.invert, upper: upper || ocr?.upper == true)
        var perRegion: [String: ReadingOptions] = [:]
        for region in wanted {
            guard let override = ocr?.overrides?[region.label] else { continue }
            perRegion[region.label] = options(whitelist: whitelist ?? override.whitelist ?? ocr?.whitelist,
                                              invert: invert ?? override.invert ?? ocr?.invert,
                                              upper: upper || (override.upper ?? ocr?.upper ?? false))
        }
        perRegion[""] = base
        // Lines too short for any text the region waits for are not read (not when ungated).
        for region in wanted where !noGate {
            let least = minCharacters ?? profile?.leastCharacters(in: region.label) ?? 0
            guard least > 0 else { continue }
            perRegion[region.label, default: base].leastCharacters = least
        }
        return (wanted, perRegion)
    }

    static let toolName = "ocr-frame"

    func perform(_ run: ToolRun) throws {
        TesseractEnvironment.limitThreads()
        try read(run)
    }

    private func read(_ run: ToolRun) throws {
        // Missing language data is reported once, before any input (engines are made later,
        // on each worker, when a line is first read).
        _ = try TessData.locate(language: lang, in: tessdata)
        let loaded = try profile.map { try Profile.load($0) }
        let (regions, options) = settings(loaded)
        let textHeights = (loaded?.ocr.overrides ?? [:]).compactMapValues { override -> ClosedRange<Double>? in
            guard let range = override.textHeight, range.count == 2 else { return nil }
            return range[0]...range[1]
        }
        let language = lang, dataPath = tessdata, dictionary = dictionary, keep = keepPrepared
        if let keep {
            try AtomicFile.makeFolders(keep)
        }
        var records = 0
        let views = ViewCache()
        try run.annotateRecords(in: input.inputs, window: window,
                                workers: threads ?? min(4, ProcessInfo.processInfo.activeProcessorCount),
                                progress: { _ in
                                    records += 1
                                    run.progress.update(Double(records), unit: "frames")
                                }) {
            // One engine per distinct setting (Tesseract's character list is the engine's).
            var readers: [ReadingOptions: RegionReader] = [:]
            var byRegion: [String: RegionReader] = [:]
            for (label, setting) in options {
                if readers[setting] == nil {
                    readers[setting] = RegionReader(options: setting) {
                        try? OCREngine(language: language, dataPath: dataPath, dictionary: dictionary)
                    }
                }
                byRegion[label] = readers[setting]
            }
            var reader = FrameReader(readers: byRegion, regions: regions, keep: keep, cache: views)
            reader.textHeights = textHeights
            return { record, neighbours in reader.annotate(record, neighbours: neighbours) }
        }
    }
}
