import ArgumentParser
import Foundation
import ReelCore
import ReelNet

@main
struct ClipReview: ParsableCommand {
    static func main() { runAsTool("clip-review") }

    static let configuration = CommandConfiguration(
        commandName: "clip-review",
        abstract: "Write one self-contained HTML page to review a bin's clips: keep or skip, trim, volume, export.",
        discussion: """
            The page lists the bin's downloaded clips (and used ones) and plays each (the videos \
            are linked by their path relative to the page, so keep the page next to the bin or \
            pass --out inside it). Keep or skip each clip (buttons, or keys k and s; arrows move \
            between clips), set the seconds to cut from its start and end (typed, or from the \
            player's position), and its volume; Export downloads the edits as NDJSON clip \
            records (keep, trim_start, trim_end, volume, with every field of the bin's record) for \
            compile-clips, and shows them on the page. Edits are kept in the browser between \
            visits. No network, no server: open the file. See clip-review(1).

            Exit status: 0 written, 1 failure, 64 usage, 65 a malformed ledger, 66 no such bin \
            or no clip to review, 74 cannot write.
            """,
        version: ReelVersion.string
    )

    @Argument(help: ArgumentHelp("The bin's folder.", valueName: "bin"), completion: .directory)
    var bin: String

    @Argument(help: ArgumentHelp("The page to write ('-' for stdout; a FIFO or a device is written straight).", valueName: "out.html"), completion: .file(extensions: ["html"]))
    var output: String

    @Option(help: ArgumentHelp("The page's title.", valueName: "text"))
    var title = "Clip review"

    @OptionGroup var conventions: ConventionOptions

    mutating func run() throws {
        let command = self
        try ToolRun.perform("clip-review", options: conventions) { run in
            try command.write(run)
        }
    }

    private func write(_ run: ToolRun) throws {
        guard FileManager.default.fileExists(atPath: bin + "/bin.ndjson") else {
            throw ToolError("no bin here (bin.ndjson is missing)", at: bin, status: .noInput)
        }
        let clipBin = try ClipBin(folder: bin, create: false)
        let pageFolder = URL(fileURLWithPath: output).standardizedFileURL.deletingLastPathComponent()
        var clips: [JSONValue] = []
        for entry in try clipBin.read().entries {
            let status = ClipLedger.status(of: entry)
            guard status == .downloaded || status == .used, let path = clipBin.path(of: entry) else { continue }
            guard FileManager.default.fileExists(atPath: path) else {
                run.diagnostics.warning("file is gone (clip-bin check marks it missing): left out", at: path)
                continue
            }
            let file = URL(fileURLWithPath: path).standardizedFileURL
            var record = clipBin.record(of: entry).object
            record["path"] = .string(file.path)
            clips.append(["record": .object(record), "src": .string(Self.relativePath(of: file, from: pageFolder))])
        }
        guard !clips.isEmpty else {
            throw ToolError("no downloaded clip to review (clip-bin download first)", at: bin, status: .noInput)
        }
        let page = ReviewPage(title: title, clips: clips, storageKey: "reel-review:" + URL(fileURLWithPath: bin).standardizedFileURL.path)
        try AtomicFile.write(Array(page.html.utf8), to: output)
        run.diagnostics.note("\(clips.count) clip(s) to review in \(output)")
    }

    /// `file` relative to `folder`, percent-encoded for a URL (`../bin/clips/ID.mp4`).
    static func relativePath(of file: URL, from folder: URL) -> String {
        let target = file.pathComponents, base = folder.pathComponents
        var common = 0
        while common < min(target.count, base.count) && target[common] == base[common] {
            common += 1
        }
        let parts = Array(repeating: "..", count: base.count - common) + target[common...]
        return parts.map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? $0 }.joined(separator: "/")
    }
}
