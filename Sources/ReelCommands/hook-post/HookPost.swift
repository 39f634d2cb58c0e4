import ArgumentParser
import Foundation
import ReelBus
import ReelCLI
import ReelCore
import ReelHooks
import ReelHTTP
import ReelMedia
import Synchronization

struct HookPost: ToolCommand {
    static func main() { runAsTool("hook-post") }

    static let configuration = CommandConfiguration(
        commandName: "hook-post",
        abstract: "Deliver clip records (and their files) to webhooks, Discord and upload APIs, at least once, nothing lost.",
        discussion: """
            Reads records; each selected one (default: `clip` and `compilation`) is delivered to \
            every hook, and a `post` record says how each delivery ended. All records pass through. \
            Deliveries are spooled durably before the first attempt and marked done after \
            success, so a run killed at any point and started again delivers what was pending \
            and never a done one twice (an Idempotency-Key header, stable across retries and \
            runs, lets receivers drop duplicates). Hooks are independent: one slow or failing \
            hook never holds up the others. See hook-post(1) and reel-records(5).

            Hook URLs are secrets: give them in --hooks FILE or as env:VARIABLE; messages and \
            records name hooks, never their URLs. A record's file is attached (Discord, upload) \
            only when it is a regular file under the working directory or a --files-from \
            folder that libav reads as video, audio or an image; any other is a dead letter.

            With --from nats://HOST/STREAM --durable NAME the records come from a NATS \
            JetStream stream (records-pub), each acknowledged only once spooled; a record's \
            file in the bus's object store is fetched into the spool (see docs/nats.md).

            Exit status: 0 all delivered, 1 some deliveries failed for good (see the spool's \
            dead.ndjson), 64 usage, 65 malformed input lines or a damaged spool or hooks file, \
            66 the creds file is missing, 69 the cluster of --from cannot be reached, 74 cannot \
            write the spool or output.
            """,
        version: ReelVersion.string
    )

    @OptionGroup var inputs: RecordInputOptions

    @Option(help: ArgumentHelp("A generic hook: POST the record as JSON (NAME=URL or NAME=env:VAR; repeatable).", valueName: "name=url"))
    var webhook: [String] = []

    @Option(help: ArgumentHelp("A Discord webhook: a message from --template with the file attached (repeatable).", valueName: "name=url"))
    var discord: [String] = []

    @Option(help: ArgumentHelp("A multipart file upload to an API answering JSON with the hosted URL (repeatable).", valueName: "name=url"))
    var upload: [String] = []

    @Option(help: ArgumentHelp("A Streamable upload: NAME=USER:PASSWORD or NAME=env:VAR holding USER:PASSWORD (repeatable); the post's url is the video's page.", valueName: "name=credentials"))
    var streamable: [String] = []

    @Option(name: .customLong("streamable-api"), help: ArgumentHelp("The upload endpoint of --streamable (a Streamable-like API).", valueName: "url"))
    var streamableAPI = Hook.streamableAPI

    @Option(help: ArgumentHelp("NDJSON of hooks: {\"name\":..,\"kind\":\"webhook|discord|upload|streamable\",\"url\":..} with optional template, max_file_size_mib, url_field (upload), auth and site (streamable).", valueName: "file"), completion: .file())
    var hooks: String?

    @Option(help: ArgumentHelp("Message text with record fields ({path}, {kills}, {event.kills}, ...).", valueName: "template"))
    var template = "New clip: {path}"

    @Option(help: ArgumentHelp("Record types to deliver (repeatable; default clip and compilation).", valueName: "type"))
    var select: [String] = []

    @Option(help: ArgumentHelp("The spool folder.", valueName: "dir"), completion: .directory)
    var spool = ".hook-post"

    @Option(name: .customLong("max-attempts"), help: ArgumentHelp("Attempts per delivery before it goes to the dead letters.", valueName: "n"))
    var maximumAttempts = 8

    @Option(help: ArgumentHelp("Seconds a transfer may go without progress.", valueName: "seconds"))
    var timeout: Double = 30

    @Option(name: .customLong("max-file-size"), help: ArgumentHelp("The largest file sent to a Discord or upload hook, in MiB (Discord's default limit is 10).", valueName: "mib"))
    var maximumFileSize: Double = 10

    @Option(name: .customLong("url-field"), help: ArgumentHelp("The upload answer's field with the hosted URL (dotted path).", valueName: "field"))
    var urlField = "url"

    @Option(name: .customLong("files-from"), help: ArgumentHelp("A folder whose files may be attached, besides the working directory (repeatable).", valueName: "dir"), completion: .directory)
    var filesFrom: [String] = []

    @OptionGroup var bus: BusSourceOptions

    @OptionGroup var conventions: ConventionOptions

    /// The largest `--max-file-size` (and `max_file_size_mib`), in MiB: 1 TiB.
    static let largestFileSize = 1_048_576.0

    func validate() throws {
        guard (1...1000).contains(maximumAttempts) else { throw ValidationError("--max-attempts: must be 1 to 1000") }
        guard timeout > 0, timeout <= NumberLimits.plausibleJump else {
            throw ValidationError("--timeout: \(timeout) is out of range (more than 0, up to 86400 s)")
        }
        guard maximumFileSize > 0, maximumFileSize <= Self.largestFileSize else {
            throw ValidationError("--max-file-size: \(maximumFileSize) MiB is out of range (more than 0, up to 1048576)")
        }
        do {
            _ = try RecordTemplate(template)
        } catch {
            throw ValidationError("--template: \(error.reason)")
        }
    }

    static let toolName = "hook-post"

    func perform(_ run: ToolRun) throws {
        LibAVLog.configure()
        try deliver(run)
    }

    private func deliver(_ run: ToolRun) throws {
        let configured = try HookConfiguration(command: self).hooks()
        guard !configured.isEmpty else {
            throw ToolError("no hooks: give --webhook, --discord, --upload or --hooks", failure: .badUsage)
        }
        var http = HTTPOptions()
        http.stallTimeout = timeout
        let attachments = AttachmentPolicy(folders: ["."] + filesFrom + (bus.source == nil ? [] : [spool + "/objects"]),
                                           isMedia: MediaProbe.isMedia)
        let deliverer = try HookDeliverer(hooks: configured, spool: try DeliverySpool(folder: spool), http: http,
                                          attachments: attachments) { event in
            switch event {
            case .post(let record):
                try run.output.write(record)
            case .failure(let hook, let reason):
                run.diagnostics.error(reason, at: hook, failure: .failed)
            case .damagedSpool(let reason):
                run.diagnostics.error(reason, at: spool, failure: .badInput)
            case .warning(let message):
                run.diagnostics.warning(message, at: spool)
            }
        }
        deliverer.maximumAttempts = maximumAttempts
        try deliverer.resumePending()
        let types = Set(select.isEmpty ? [ClipRecord.type, CompilationRecord.type] : select)
        if let address = try bus.address() {
            try deliver(from: address, to: deliverer, types: types, run: run)
            return
        }
        let inbox = Inbox()
        let reader = Thread {
            try? run.forEachRecord(in: inputs.inputs) { inbox.put($0) }
            inbox.close()
        }
        reader.start()
        while true {
            let (records, ended) = inbox.take()
            for record in records {
                if let type = record.type, types.contains(type) {
                    try deliverer.submit(record)
                }
                try run.output.write(record)
            }
            if ended && deliverer.isIdle && records.isEmpty {
                return
            }
            try deliverer.step(waitingAtMost: 0.05)
        }
    }
}

/// Records read on the input thread, waiting for the delivery loop.
final class Inbox: Sendable {
    private let state = Mutex((records: [Record](), closed: false))

    func put(_ record: Record) {
        state.withLock { $0.records.append(record) }
    }

    func close() {
        state.withLock { $0.closed = true }
    }

    /// The records so far and whether the input has ended.
    func take() -> ([Record], Bool) {
        state.withLock { state in
            defer { state.records = [] }
            return (state.records, state.closed)
        }
    }
}
