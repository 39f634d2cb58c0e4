import ArgumentParser
import Glibc
import ReelBus
import ReelCLI
import ReelCore

struct RecordsPub: ToolCommand {
    static func main() { runAsTool("records-pub") }

    static let configuration = CommandConfiguration(
        commandName: "records-pub",
        abstract: "Publish records to a NATS JetStream subject, each stored once, and pass them on.",
        discussion: """
            Reads records; each selected one (default: all) is published to the subject of \
            --to and passed on to stdout once the stream has stored it. The message id is a \
            digest of the record, so a record published again (a run started again on the same \
            input after a crash, a retry after a lost answer) is stored once within the \
            stream's duplicate window. Servers going away are waited out for up to --timeout \
            seconds per record. The stream (--stream) is created over SUBJECT and SUBJECT.> \
            when missing. With --files BUCKET each published record's file goes to JetStream's \
            object store and the record names it (object), so the receiving side needs no shared \
            disk. On the other side: hook-post --from nats://HOST/STREAM --durable NAME. \
            See records-pub(1) and docs/nats.md.

            Credentials: --creds FILE or NATS_CREDS, or NATS_USER and NATS_PASSWORD (or in \
            the URL); never printed.

            Exit status: 0 all published, 64 usage, 65 malformed input lines or a file that \
            cannot be put, 66 an input, a record's file or the creds file is missing, 69 the cluster cannot be reached or refused a record \
            for --timeout seconds, 74 cannot write the output.
            """,
        version: ReelVersion.string
    )

    @OptionGroup var inputs: RecordInputOptions

    @Option(help: ArgumentHelp("Where to publish: nats://HOST[:PORT][,HOST...]/SUBJECT.", valueName: "url"))
    var to: String

    @Option(help: ArgumentHelp("The stream keeping the subject (created when missing).", valueName: "name"))
    var stream = "REEL"

    @Option(help: ArgumentHelp("Copies of each record in the cluster when creating the stream (3 survives a server's loss).", valueName: "n"))
    var replicas = 1

    @Option(name: .customLong("duplicate-window"), help: ArgumentHelp("Seconds a message id is remembered, when creating the stream.", valueName: "seconds"))
    var duplicateWindow = 3600.0

    @Option(name: .customLong("max-age"), help: ArgumentHelp("Days the stream keeps records, when creating it.", valueName: "days"))
    var maximumAge = 7.0

    @Option(help: ArgumentHelp("Record types to publish (repeatable; default all).", valueName: "type"))
    var select: [String] = []

    @Option(name: .customLong("subject-field"), help: ArgumentHelp("Publish to SUBJECT.VALUE, VALUE the record's field (e.g. channel), made a subject token.", valueName: "field"))
    var subjectField: String?

    @Option(help: ArgumentHelp("Put each published record's file (its path: a regular file, links refused) in this object store bucket, and name it in the record's object field: the receiving side needs no shared disk.", valueName: "bucket"))
    var files: String?

    @Option(name: .customLong("max-file-size"), help: ArgumentHelp("The largest file --files puts, in MiB.", valueName: "mib"))
    var maximumFileSize = 64.0

    @Option(help: ArgumentHelp("Seconds to keep trying one record while servers are away.", valueName: "seconds"))
    var timeout = 60.0

    @Option(help: ArgumentHelp("A NATS creds file (else NATS_CREDS).", valueName: "file"), completion: .file())
    var creds: String?

    @OptionGroup var conventions: ConventionOptions

    func validate() throws {
        guard (1...5).contains(replicas) else { throw ValidationError("--replicas: must be 1 to 5") }
        guard duplicateWindow >= 1, duplicateWindow <= 7 * 86400 else {
            throw ValidationError("--duplicate-window: \(duplicateWindow) is out of range (1 s to 7 days)")
        }
        guard maximumAge > 0, maximumAge <= 3650 else { throw ValidationError("--max-age: \(maximumAge) is out of range (more than 0, up to 3650 days)") }
        guard timeout > 0, timeout <= NumberLimits.plausibleJump else {
            throw ValidationError("--timeout: \(timeout) is out of range (more than 0, up to 86400 s)")
        }
        guard maximumFileSize > 0, maximumFileSize <= 1024 else {
            throw ValidationError("--max-file-size: \(maximumFileSize) MiB is out of range (more than 0, up to 1024)")
        }
        if let files, !BusAddress.isValidName(files, wildcards: false) || files.contains(".") {
            throw ValidationError("--files: \"\(files.prefix(80))\" is not a bucket name (letters, digits, - and _)")
        }
        guard BusAddress.isValidName(stream, wildcards: false), !stream.contains(".") else {
            throw ValidationError("--stream: \"\(stream.prefix(80))\" is not a stream name (letters, digits, - and _)")
        }
    }

    static let toolName = "records-pub"

    func perform(_ run: ToolRun) throws {
        try publish(run)
    }

    private func publish(_ run: ToolRun) throws {
        let address: BusAddress
        do {
            address = try BusAddress(to, credsFile: creds, nameKind: "subject")
        } catch {
            throw ToolError(error.reason, at: "--to", failure: error.failure)
        }
        let connection = try BusConnection(address, clientName: "records-pub")
        var settings = BusConnection.StreamSettings()
        settings.replicas = replicas
        settings.duplicateWindow = duplicateWindow
        settings.maximumAge = maximumAge * 86400
        try connection.ensureStream(stream, subjects: [address.name, address.name + ".>"], settings: settings)
        let store = try files.map { bucket throws(ToolError) in try BusObjectStore(connection, bucket: bucket, replicas: replicas) }
        let fileLimit = Int(maximumFileSize * 1_048_576)
        let types = Set(select)
        var published = 0
        try run.forEachRecord(in: inputs.inputs) { original, place in
            var record = original
            if types.isEmpty || record.type.map(types.contains) == true {
                if let store, let path = record["path"]?.stringValue {
                    do throws(ToolError) {
                        let object = try store.put(file: path, maximumSize: fileLimit)
                        var fields = record.object
                        fields["object"] = .object(["bucket": .string(store.bucket), "name": .string(object.name),
                                                    "size": JSONValue(object.size), "sha256": .string(object.sha256)])
                        record = Record(fields)
                    } catch {
                        // Published without its file: the receiving side reports what it cannot attach.
                        run.diagnostics.error(error.reason, at: "\(place): \(error.location ?? path)", failure: error.failure)
                    }
                }
                var subject = address.name
                if let subjectField, let value = record[subjectField].map({ $0.stringValue ?? RecordTemplate.text(of: $0) }),
                   let token = BusRecord.subjectToken(value) {
                    subject += "." + token
                }
                let sequence = try publish(record, to: subject, on: connection, at: place, run: run)
                published += 1
                run.progress.update("\(published) published, last at sequence \(sequence)")
            }
            try run.output.write(record)
        }
    }

    /// Publishes one record, trying again (with the same message id) while servers are away.
    private func publish(_ record: Record, to subject: String, on connection: BusConnection, at place: String,
                         run: ToolRun) throws -> UInt64 {
        let bytes = record.serialized()
        let id = BusRecord.messageID(record)
        let deadline = monotonicSeconds() + timeout
        var pause = 0.1
        var warned = false
        while true {
            do {
                let (sequence, duplicate) = try connection.publish(bytes, to: subject, id: id, wait: min(5, timeout))
                if duplicate {
                    run.diagnostics.detail("already in the stream (sequence \(sequence)): not stored again", at: place)
                }
                return sequence
            } catch {
                guard error.isTransient, monotonicSeconds() + pause < deadline else {
                    throw ToolError(error.error.reason, at: place, failure: .unavailable)
                }
                if !warned {
                    run.diagnostics.warning("\(error.error.reason); trying again for up to \(Int(timeout)) s", at: place)
                    warned = true
                }
                usleep(UInt32(pause * 1e6))
                pause = min(pause * 2, 2)
            }
        }
    }
}
