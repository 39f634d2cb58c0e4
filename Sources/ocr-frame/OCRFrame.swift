import ArgumentParser
import Foundation
import ReelCore
import ReelOCR

@main
struct OCRFrame: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocr-frame",
        abstract: "Read the text in the crops of frame records with Tesseract.",
        discussion: """
            Reads `frame` records (from frame-sample) and adds `ocr: {NAME: {text, conf}}` for \
            each region read, or `{skipped: true}` for a region that cannot hold a line of text. \
            Other records and fields pass through. See ocr-frame(1) and reel-records(5).

            Exit status: 0 ok, 1 failure, 64 usage, 65 bad input (malformed lines, missing or \
            unreadable images), 69 Tesseract's language data missing, 74 output error.
            """)

    @OptionGroup var input: RecordInputOptions

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

    @Option(help: ArgumentHelp("Folder of Tesseract's language data.", valueName: "dir"))
    var tessdata: String?

    @Option(help: "Which way round text is: auto, yes (light text on dark: inverted), no.")
    var invert = "auto"

    @Option(help: ArgumentHelp("Rescale text to about this height in pixels (0: keep its size).", valueName: "px"))
    var height = 32

    @Flag(help: "Read every region, even those that cannot hold a line of text.")
    var noGate = false

    @Flag(help: "The text is in capitals: read either case, write capitals (Tesseract takes capitals next to a descender for lowercase).")
    var upper = false

    @Flag(help: "Let Tesseract's dictionaries guide it (off by default: HUD texts are codes, not words).")
    var dictionary = false

    @Option(help: ArgumentHelp("Write the image Tesseract saw for each region read into this folder (to tune regions).", valueName: "dir"))
    var keepPrepared: String?

    @Option(help: ArgumentHelp("Reading threads, one Tesseract engine each (default: the cores, up to 4).", valueName: "n"))
    var threads: Int?

    @OptionGroup var conventions: ConventionOptions

    func validate() throws {
        guard PageSegmentation(rawValue: psm) != nil else {
            throw ValidationError("--psm must be one of \(PageSegmentation.allCases.map(\.rawValue))")
        }
        guard ["auto", "yes", "no"].contains(invert) else { throw ValidationError("--invert takes auto, yes or no") }
        guard (0...400).contains(height) else { throw ValidationError("--height must be 0 to 400 pixels") }
        guard threads.map({ (1...64).contains($0) }) ?? true else { throw ValidationError("--threads must be 1 to 64") }
        guard Set(regions.map(\.label)).count == regions.count else { throw ValidationError("two --rect regions share a label") }
    }

    var readingOptions: ReadingOptions {
        var options = ReadingOptions()
        options.segmentation = PageSegmentation(rawValue: psm) ?? .singleLine
        options.allowedCharacters = whitelist
        options.polarity = invert == "yes" ? .light : invert == "no" ? .dark : .auto
        options.characterHeight = height > 0 ? height : nil
        options.gate = !noGate
        options.capitals = upper
        return options
    }

    mutating func run() throws {
        TesseractEnvironment.limitThreads()
        let command = self
        try ToolRun.perform("ocr-frame", options: conventions) { run in
            try command.read(run)
        }
    }

    private func read(_ run: ToolRun) throws {
        // An engine here first: missing language data is reported once, before any input.
        _ = try OCREngine(language: lang, dataPath: tessdata)
        let options = readingOptions, language = lang, dataPath = tessdata, dictionary = dictionary
        let regions = regions, crops = crops, keep = keepPrepared
        if let keep {
            try AtomicFile.makeFolders(keep)
        }
        let workers = threads ?? min(4, ProcessInfo.processInfo.activeProcessorCount)
        let pool = OrderedPool<Record, (Record, [ToolError])>(workers: workers) {
            let engine = try? OCREngine(language: language, dataPath: dataPath, dictionary: dictionary)
            let reader = engine.map { engine in
                FrameReader(reader: RegionReader(engine: engine, options: options), regions: regions, crops: crops, keep: keep)
            }
            return { record in
                reader?.annotate(record) ?? (record, [ToolError("no Tesseract engine", status: .unavailable)])
            }
        }
        defer { pool.close() }
        var records = 0
        /// Writes the oldest result: waiting for it when `wait`; false when there is none (yet).
        func take(wait: Bool) throws -> Bool {
            guard let (record, problems) = pool.next(wait: wait) else { return false }
            problems.forEach { run.diagnostics.error($0) }
            try run.output.write(record)
            records += 1
            run.progress.update("ocr-frame: \(records) records")
            return true
        }
        try run.forEachRecord(in: input.inputs) { record in
            pool.submit(record)
            while pool.inFlight >= 4 * workers, try take(wait: true) {}
            while try take(wait: false) {}
        }
        while try take(wait: true) {}
    }
}
