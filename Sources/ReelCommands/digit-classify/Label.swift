import ArgumentParser
import Foundation
import Glibc
import ReelCLI
import ReelCore
import ReelProfile
import ReelVision

/// Writes the labelling page: one HTML file with the frames' crops, where a person says what the
/// counter shows and cuts the icon template (issue 17).
struct Label: ToolCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one HTML page to label what the counter shows in frame records and cut the icon template.",
        discussion: """
            Input: frame records (frame-sample, colour crops best). The page shows the crops in \
            time order: arrows move, Shift+arrows or PageUp/PageDown jump to where the picture \
            changed, digits and Enter say the counter shows that number from this frame on, x (or \
            n) that no counter shows, Delete removes the label here, ? lists the keys. Drag a box \
            around the icon (and, after d, one around the digits). Export (e) downloads \
            labels.ndjson, icon.png and counter.json (a profile's `counter`). Work is kept in the \
            browser. No network, no server: open the file. See digit-classify(1).

            Exit status: 0 written, 1 failure, 64 usage, 65 bad input (malformed lines, frames \
            without the crop, unreadable images), 66 a missing input file or no frame records, 74 \
            cannot write.
            """)

    @OptionGroup var input: RecordInputOptions

    @Option(name: [.short, .long], help: ArgumentHelp("The page to write ('-': stdout).", valueName: "file"), completion: .file(extensions: ["html"]))
    var output: String

    @Option(help: ArgumentHelp("The crop holding the counter (default: the profile's, else hud).", valueName: "name"))
    var roi: String?

    @Option(help: ArgumentHelp("A profile (built-in name or file) whose `counter.region` names the crop.", valueName: "name|file"), completion: .file(extensions: ["json"]))
    var profile: String?

    @Option(help: ArgumentHelp("The widest the current frame is shown, in screen pixels (wider crops are scaled down).", valueName: "px"))
    var maxWidth = 960

    @Option(help: ArgumentHelp("The page's size aimed at, in MB: crops are exact (PNG) while they fit, the rest JPEG.", valueName: "mb"))
    var maxSize = 5.0

    @Option(help: ArgumentHelp("The page's title.", valueName: "text"))
    var title = "Label the counter"

    @OptionGroup var conventions: ConventionOptions

    func validate() throws {
        guard (100...10_000).contains(maxWidth) else { throw ValidationError("--max-width must be 100 to 10000 pixels") }
        if let roi, roi.isEmpty { throw ValidationError("--roi takes a crop's name") }
        guard maxSize >= 0.1, maxSize <= 10_000 else { throw ValidationError("--max-size must be 0.1 to 10000 MB") }
    }

    static let toolName = "digit-classify label"

    func perform(_ run: ToolRun) throws {
        try write(run)
    }

    private func write(_ run: ToolRun) throws {
        let region = try roi ?? profile.map { try Profile.load($0).counter?.region ?? "hud" } ?? "hud"
        var builder = LabelPageBuilder(region: region)
        var records = 0
        try run.forEachRecord(in: input.inputs) { record in
            guard record.type == "frame" else { return }
            records += 1
            do {
                try builder.add(record)
            } catch let error as ToolError {
                run.diagnostics.error(error)
            }
        }
        let place = input.inputs.isEmpty ? "stdin" : input.inputs.joined(separator: ", ")
        guard records > 0 else {
            // A missing input was said already.
            guard run.diagnostics.errorCount == 0 else { return }
            throw ToolError("no frame records (frame-sample writes them)", at: place, failure: .missingInput)
        }
        if builder.withoutCrop > 0 {
            let others = builder.otherCrops.sorted().joined(separator: ", ")
            run.diagnostics.error("\(builder.withoutCrop) of \(records) frame(s) have no crop \(region)"
                                  + (others.isEmpty ? "" : " (their crops: \(others); see --roi)"),
                                  at: place, failure: .badInput)
        }
        guard !builder.frames.isEmpty else {
            throw ToolError("no frame to label: no page written", at: place, failure: .badInput)
        }
        let page = builder.page(title: title, maxWidth: maxWidth, aim: Int(maxSize * 1_000_000))
        let bytes = Array(page.html.utf8)
        if output == "-" {
            try Self.writeStandardOutput(bytes)
        } else {
            try AtomicFile.write(bytes, to: output)
        }
        let exact = page.exact.filter { $0 }.count
        run.diagnostics.note("\(page.frames.count) frame(s) to label in \(output == "-" ? "stdout" : output), "
                             + String(format: "%.1f MB: ", Double(bytes.count) / 1e6) + "\(page.images.count) distinct crop(s), "
                             + (exact == page.images.count ? "all exact (PNG)" : "\(exact) exact (PNG), the others JPEG (--max-size)"))
    }

    /// Writes all of `bytes` to stdout; a reader gone away ends the run quietly.
    static func writeStandardOutput(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { throw OutputClosed() }
                throw ToolError("cannot write output: \(String(cString: strerror(errno)))", at: "stdout", failure: .ioFailed)
            }
            offset += written
        }
    }
}
