import ArgumentParser
import ReelCore

/// The options of a tool that can read its records from a JetStream stream instead of files
/// (hook-post's `--from nats://HOST/STREAM --durable NAME`).
public struct BusSourceOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("from"), help: ArgumentHelp("Read records from a NATS JetStream stream instead of files: nats://HOST[:PORT][,HOST...]/STREAM; a record is acknowledged once spooled (needs --durable).", valueName: "url"))
    public var source: String?

    @Option(help: ArgumentHelp("The durable consumer of --from (one per receiving side: it resumes where the last run stopped).", valueName: "name"))
    public var durable: String?

    @Option(name: .customLong("ack-wait"), help: ArgumentHelp("Seconds before a record fetched but not acknowledged is delivered again (when creating the consumer).", valueName: "seconds"))
    public var ackWait: Double = 30

    @Option(help: ArgumentHelp("A NATS creds file for --from (else NATS_CREDS; or NATS_USER and NATS_PASSWORD).", valueName: "file"), completion: .file())
    public var creds: String?

    @Option(name: .customLong("idle-exit"), help: ArgumentHelp("With --from: end after this many seconds with nothing to fetch and no delivery under way (default: run until killed).", valueName: "seconds"))
    public var idleExit: Double?

    /// The options as parsed.
    public init() {}

    /// Checks the options that go together and their ranges.
    public func validate() throws {
        guard source != nil else {
            guard durable == nil, idleExit == nil else { throw ValidationError("--durable and --idle-exit go with --from") }
            return
        }
        guard let durable else { throw ValidationError("--from: needs --durable NAME") }
        guard BusAddress.isValidName(durable, wildcards: false), !durable.contains(".") else {
            throw ValidationError("--durable: \"\(durable.prefix(80))\" is not a consumer name (letters, digits, - and _)")
        }
        guard ackWait >= 1, ackWait <= 3600 else { throw ValidationError("--ack-wait: \(ackWait) is out of range (1 to 3600 s)") }
        if let idleExit {
            guard idleExit > 0, idleExit <= NumberLimits.plausibleJump else {
                throw ValidationError("--idle-exit: \(idleExit) is out of range (more than 0, up to 86400 s)")
            }
        }
    }

    /// The stream's address (`--from` and the creds).
    public func address() throws(ToolError) -> BusAddress? {
        guard let source else { return nil }
        do {
            return try BusAddress(source, credsFile: creds, nameKind: "stream")
        } catch {
            throw ToolError(error.reason, at: "--from", failure: error.failure)
        }
    }
}
