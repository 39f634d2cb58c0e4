import ArgumentParser
import Foundation
import ReelCLI
import ReelClipBin
import ReelCore

struct ClipReview: ParsableCommand {
    static func main() { runAsTool("clip-review") }

    static let configuration = CommandConfiguration(
        commandName: "clip-review",
        abstract: "Review a bin's clips: keep or skip, trim, volume; one page offline, or a server for several editors.",
        discussion: """
            clip-review BIN OUT.html writes one self-contained page (no server: open the file); \
            clip-review serve BIN serves the page to editors signed in with accounts made by \
            clip-review user add, each decision kept in the bin (reviews.ndjson) by clip id with \
            who made it and when; clip-review export BIN writes the decisions as clip records \
            for compile-clips. See clip-review(1).

            Exit status: 0 ok, 1 failure, 64 usage, 65 a malformed ledger or accounts file, 66 \
            no such bin or no clip to review, 74 cannot write or cannot listen.
            """,
        version: ReelVersion.string,
        subcommands: [Write.self, Serve.self, Export.self, User.self],
        defaultSubcommand: Write.self
    )
}

extension ClipReview {
    /// The page for one person, offline.
    struct Write: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write one self-contained HTML page to review a bin's clips (the default).",
            discussion: """
                The page lists the bin's downloaded clips (and used ones) with thumbnails and plays \
                each (the videos are linked by their path relative to the page, so keep the page \
                next to the bin or write it inside it). Keep or skip each clip (y and n), set its in \
                and out points (timeline handles, or i and o at the playhead; playback honours \
                them), its volume, and the order (drag, or Alt+Up/Down); j, k, l, arrows and , . \
                move through it (? lists the keys); the compilation's order and length show live. \
                Export downloads the edits as NDJSON clip records, in order, for compile-clips. \
                Edits are kept in the browser between visits, by clip id. No network, no server: \
                open the file.
                """)

        @Argument(help: ArgumentHelp("The bin's folder.", valueName: "bin"), completion: .directory)
        var bin: String

        @Argument(help: ArgumentHelp("The page to write ('-' for stdout; a FIFO or a device is written straight).", valueName: "out.html"),
                  completion: .file(extensions: ["html"]))
        var output: String

        @Option(help: ArgumentHelp("The page's title.", valueName: "text"))
        var title = "Clip review"

        @OptionGroup var conventions: ConventionOptions

        static let toolName = "clip-review"

        func perform(_ run: ToolRun) throws {
            let clips = try ReviewClips(folder: bin) { reason, place in run.diagnostics.warning(reason, at: place) }
            let pageFolder = URL(fileURLWithPath: output).standardizedFileURL.deletingLastPathComponent()
            let entries: [JSONValue] = clips.records.map { record in
                let file = URL(fileURLWithPath: record["path"]?.stringValue ?? "")
                var entry: JSONObject = ["record": .object(record.object), "src": .string(Self.relativePath(of: file, from: pageFolder))]
                if let poster = clips.posters[record["id"]?.stringValue ?? ""] {
                    let posterFile = URL(fileURLWithPath: clips.bin.folder + "/" + poster).standardizedFileURL
                    entry["poster"] = .string(Self.relativePath(of: posterFile, from: pageFolder))
                }
                return .object(entry)
            }
            let page = ReviewPage(title: title, clips: entries,
                                  storageKey: "reel-review:" + URL(fileURLWithPath: bin).standardizedFileURL.path)
            try AtomicFile.write(Array(page.html.utf8), to: output)
            run.diagnostics.note("\(entries.count) clip(s) to review in \(output)")
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

    /// The decisions as clip records.
    struct Export: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the bin's clips with the editors' decisions as clip records, in the compilation's order.",
            discussion: """
                Each clip record carries keep (false for skipped clips and, with reviewed: false, \
                for those not reviewed), trim_start, trim_end, volume where set, and reviewed_by \
                and reviewed_at (who decided last, when): what compile-clips reads.
                """)

        @Argument(help: ArgumentHelp("The bin's folder.", valueName: "bin"), completion: .directory)
        var bin: String

        @OptionGroup var conventions: ConventionOptions

        static let toolName = "clip-review"

        func perform(_ run: ToolRun) throws {
            let clips = try ReviewClips(folder: bin) { reason, place in run.diagnostics.warning(reason, at: place) }
            for record in clips.edited(with: try ReviewLedger(bin: clips.bin).states()) {
                try run.output.write(record)
            }
        }
    }

    /// Accounts.
    struct User: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the editors who may sign in to clip-review serve.",
            subcommands: [Add.self, List.self])

        struct Add: ToolCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add an editor; the password is read from the first line of stdin.",
                discussion: """
                    Only a PBKDF2-HMAC-SHA256 hash of the password is kept (600 000 iterations, a \
                    random salt), in the bin's users.ndjson (mode 0600). A password is 8 to 1024 \
                    bytes. Example: printf '%s\\n' "$PASSWORD" | clip-review user add bin alice
                    """)

            @Argument(help: ArgumentHelp("The bin's folder.", valueName: "bin"), completion: .directory)
            var bin: String

            @Argument(help: ArgumentHelp("The editor's name (letters, digits, '.', '_', '-', '@').", valueName: "name"))
            var name: String

            @Flag(help: "Change the password of an editor who is there already.")
            var replace = false

            @OptionGroup var conventions: ConventionOptions

            static let toolName = "clip-review"

            func perform(_ run: ToolRun) throws {
                let bin = try ClipBin(folder: bin, create: false)
                var password = readLine(strippingNewline: true) ?? ""
                if password.hasSuffix("\r") { password.removeLast() }
                let added = try ReviewAccounts(bin: bin).set(name, password: password, replace: replace)
                run.diagnostics.note(added ? "editor \(name) added" : "password of \(name) changed")
            }
        }

        struct List: ToolCommand {
            static let configuration = CommandConfiguration(abstract: "Write the editors' names, one a line.")

            @Argument(help: ArgumentHelp("The bin's folder.", valueName: "bin"), completion: .directory)
            var bin: String

            @OptionGroup var conventions: ConventionOptions

            static let toolName = "clip-review"

            func perform(_ run: ToolRun) throws {
                let bin = try ClipBin(folder: bin, create: false)
                for name in try ReviewAccounts(bin: bin).names() {
                    print(name)
                }
            }
        }
    }
}
