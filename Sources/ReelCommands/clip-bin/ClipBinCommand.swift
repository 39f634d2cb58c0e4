import ArgumentParser
import Glibc
import ReelCLI
import ReelClipBin
import ReelCore
import ReelTwitch

struct ClipBinCommand: ParsableCommand {
    static func main() { runAsTool("clip-bin") }

    static let configuration = CommandConfiguration(
        commandName: "clip-bin",
        abstract: "Keep a bin of clips: each once, with its status (found, downloaded, used, missing).",
        discussion: """
            A bin is a folder with the clips (clips/ID.mp4) and one NDJSON ledger (bin.ndjson): \
            each clip once, by id, and a clip of the same moment of the same VOD as one already \
            there is a duplicate and is not added. Every change locks the bin and rewrites the \
            ledger atomically, so concurrent runs never lose a record. Records written carry \
            `path` (the bin's folder joined to the file) for compile-clips and clip-review. \
            See clip-bin(1) and reel-records(5).

            Environment (download): REEL_TWITCH_GQL, REEL_TWITCH_CLIENT_ID, REEL_TWITCH_OAUTH as \
            for hls-fetch.

            Exit status: 0 ok, 1 failure, 64 usage, 65 malformed input or ledger lines (a clip \
            with neither an id nor a path, an id twice, an unknown status, a file outside the \
            bin), 66 no such bin (only add makes one) or a clip's file that cannot be read, 69 clips that could not be downloaded (the rest were), 74 \
            cannot write.
            """,
        version: ReelVersion.string,
        subcommands: [Add.self, Download.self, Status.self, MarkUsed.self, Check.self])
}

/// The bin folder argument every subcommand takes.
struct BinArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("The bin's folder (add makes it when missing).", valueName: "bin"), completion: .directory)
    var bin: String
}

extension ClipBinCommand {
    struct Add: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add clip records (of clip-find or clip-cut) as found; every record passes through.",
            discussion: """
                A Twitch clip (from clip-find) is keyed by its id and added as found (clip-bin \
                download fetches it). A clip of clip-cut (no id, a path) gets an id made from \
                its source, start and end (cut-HEX: the same cut has the same id) and its file \
                is copied into the bin at once (downloaded). Each clip record is written with \
                `bin_status`: added, known (there already, by id: its details refreshed, its \
                status kept) or duplicate (with `duplicate_of`, the clip of the same moment \
                already there; said on stderr). A clip record that cannot be added is written \
                unchanged and the reason said on stderr (65: neither an id nor a path; 66: its \
                file cannot be read). Other records pass through unchanged.
                """)
        @OptionGroup var bin: BinArgument
        @OptionGroup var inputs: RecordInputOptions
        @OptionGroup var conventions: ConventionOptions

        static let toolName = "clip-bin"

        func perform(_ run: ToolRun) throws {
            let bin = try ClipBin(folder: bin.bin)
            var counts = [String: Int]()
            try run.forEachRecord(in: inputs.inputs) { record, place in
                guard record.type == "clip" else {
                    try run.output.write(record)
                    return
                }
                let written = try add(record, at: place, to: bin, run: run)
                if let status = written["bin_status"]?.stringValue {
                    counts[status, default: 0] += 1
                } else {
                    counts["refused", default: 0] += 1
                }
                try run.output.write(written)
            }
            run.diagnostics.note(counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }

        /// Adds one clip record; returns what is written for it (the record unchanged when
        /// it was refused, the reason said).
        private func add(_ record: Record, at place: String, to bin: ClipBin, run: ToolRun) throws -> Record {
            var incoming = record.object
            var cutFile: String?
            switch ClipIdentity.kind(of: record) {
            case .failure(let refusal):
                try run.malformed(refusal.reason + ": not added", at: place)
                return record
            case .success(.identified):
                break
            case .success(.cut(let id, let file)):
                var info = stat()
                guard stat(file, &info) == 0, access(file, R_OK) == 0 else {
                    run.diagnostics.error("cannot read its file \(file): \(String(cString: strerror(errno))); not added",
                                          at: place, failure: .missingInput)
                    return record
                }
                guard info.st_mode & S_IFMT == S_IFREG else {
                    run.diagnostics.error("its file \(file) is not a regular file; not added", at: place, failure: .missingInput)
                    return record
                }
                incoming["id"] = .string(id)
                incoming["imported_from"] = .string(file)
                cutFile = file
            }
            let addition = try bin.update { ledger in ledger.add(Record(incoming)) }
            var object = incoming
            switch addition {
            case .added(var entry), .known(var entry):
                let id = entry["id"]?.stringValue ?? ""
                let status = ClipLedger.status(of: entry)
                let fileGone = bin.path(of: entry).map { access($0, F_OK) != 0 } ?? true
                if let cutFile, status == .found || status == .missing || fileGone {
                    do {
                        entry = try bin.importFile(cutFile, as: id) ?? entry
                    } catch let error as ToolError {
                        run.diagnostics.error(ToolError(error.reason + " (clip \(id) stays \(status?.rawValue ?? "found"))",
                                                        at: error.location, failure: error.failure))
                    }
                }
                object = bin.record(of: entry).object
                if case .added = addition { object["bin_status"] = "added" } else { object["bin_status"] = "known" }
            case .duplicate(let twin):
                object["bin_status"] = "duplicate"
                object["duplicate_of"] = .string(twin)
                run.diagnostics.warning("the same moment as clip \(twin), already in the bin: not added",
                                        at: "clip " + (incoming["id"]?.stringValue ?? place))
            case nil:
                try run.malformed("not a clip record with an id: not added", at: place)
                return record
            }
            return Record(object)
        }
    }

    struct Download: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download the clips that are found or missing; a record per clip downloaded.",
            discussion: """
                Asks Twitch's GQL for each clip's signed MP4 (VideoAccessToken_Clip), downloads it to \
                clips/ID.mp4 (resumed after an interruption, retried) and marks it downloaded at \
                once. A clip that cannot be had is reported and stays as it was (exit 69).
                """)
        @OptionGroup var bin: BinArgument
        @Option(name: .customLong("id"), help: ArgumentHelp("Only this clip (repeatable).", valueName: "id"))
        var ids: [String] = []
        @Option(help: ArgumentHelp("best, worst, a height (720) or height and rate (720p60).", valueName: "quality"))
        var quality = "best"
        @Option(help: ArgumentHelp("Seconds a transfer may go without progress.", valueName: "seconds"))
        var timeout: Double = 10
        @OptionGroup var conventions: ConventionOptions

        static let toolName = "clip-bin"

        func perform(_ run: ToolRun) throws {
            let bin = try ClipBin(folder: bin.bin, create: false)
            var access = TwitchAccess.fromEnvironment()
            access.http.stallTimeout = timeout
            var downloader = ClipDownload()
            downloader.http.stallTimeout = timeout
            var done = 0
            try bin.download(ids.isEmpty ? nil : Set(ids), quality: quality, access: access, downloader: downloader) { result in
                switch result {
                case .downloaded(let entry):
                    done += 1
                    run.progress.update("\(done) downloaded")
                    try run.output.write(bin.record(of: entry))
                case .failed(_, let error):
                    run.diagnostics.error(error)
                }
            }
        }
    }

    struct Status: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the bin's clips as records (with path where downloaded); counts on stderr.")
        @OptionGroup var bin: BinArgument
        @Option(name: .customLong("status"), help: ArgumentHelp("Only clips with this status (repeatable).", valueName: "status"))
        var statuses: [String] = []
        @OptionGroup var conventions: ConventionOptions

        func validate() throws {
            for status in statuses where ClipLedger.Status(rawValue: status) == nil {
                throw ValidationError("--status: found, downloaded, used or missing, not \(status)")
            }
        }

        static let toolName = "clip-bin"

        func perform(_ run: ToolRun) throws {
            let bin = try ClipBin(folder: bin.bin, create: false)
            var counts = [String: Int]()
            for entry in try bin.read().entries {
                let status = entry["status"]?.stringValue ?? ""
                counts[status, default: 0] += 1
                if statuses.isEmpty || statuses.contains(status) {
                    try run.output.write(bin.record(of: entry))
                }
            }
            run.diagnostics.note(ClipLedger.Status.allCases.map { "\(counts[$0.rawValue] ?? 0) \($0.rawValue)" }
                .joined(separator: ", "))
        }
    }

    struct MarkUsed: ToolCommand {
        static let configuration = CommandConfiguration(
            commandName: "mark-used",
            abstract: "Mark clips used: records read (by id), or ids given; every record passes through.",
            discussion: "Only a clip that is downloaded (or used) can be marked used; others are reported (exit 65).")
        @OptionGroup var bin: BinArgument
        @Option(name: .customLong("id"), help: ArgumentHelp("A clip to mark (repeatable; then stdin is not read).", valueName: "id"))
        var ids: [String] = []
        @OptionGroup var inputs: RecordInputOptions
        @OptionGroup var conventions: ConventionOptions

        static let toolName = "clip-bin"

        func perform(_ run: ToolRun) throws {
            let bin = try ClipBin(folder: bin.bin, create: false)
            func mark(_ id: String) throws -> Record? {
                try bin.update { ledger -> Record? in
                    guard let entry = ledger.entry(id) else {
                        run.diagnostics.error("not in the bin", at: "clip \(id)", failure: .badInput)
                        return nil
                    }
                    let status = ClipLedger.status(of: entry)
                    guard status == .downloaded || status == .used else {
                        run.diagnostics.error("is \(status?.rawValue ?? "unknown"), not downloaded", at: "clip \(id)", failure: .badInput)
                        return nil
                    }
                    return ledger.set(id, to: .used)
                }
            }
            if !ids.isEmpty {
                for id in ids {
                    if let entry = try mark(id) { try run.output.write(bin.record(of: entry)) }
                }
                return
            }
            try run.forEachRecord(in: inputs.inputs) { record in
                guard record.type == "clip", let id = record["id"]?.stringValue else {
                    try run.output.write(record)
                    return
                }
                guard try mark(id) != nil else {
                    try run.output.write(record)
                    return
                }
                var object = record.object
                object["status"] = "used"
                try run.output.write(Record(object))
            }
        }
    }

    struct Check: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark missing every downloaded or used clip whose file is gone; write those clips.")
        @OptionGroup var bin: BinArgument
        @OptionGroup var conventions: ConventionOptions

        static let toolName = "clip-bin"

        func perform(_ run: ToolRun) throws {
            let bin = try ClipBin(folder: bin.bin, create: false)
            let missing = try bin.check()
            for entry in missing {
                try run.output.write(bin.record(of: entry))
            }
            run.diagnostics.note("\(missing.count) clip(s) missing")
        }
    }
}
