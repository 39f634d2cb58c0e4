import ArgumentParser
import Foundation
import Glibc
import ReelBus
import ReelCLI
import ReelCore
import Synchronization

/// The signal that asked bus-lease to stop (0: none yet).
let busLeaseStopSignal = Atomic<Int32>(0)

struct BusLeaseCommand: ToolCommand {
    static func main() { runAsTool("bus-lease") }

    static let configuration = CommandConfiguration(
        commandName: "bus-lease",
        abstract: "Run a command while holding a lease in a NATS JetStream key-value bucket.",
        discussion: """
            Takes the lease KEY of the bucket of --kv (created with a TTL of --lease-time when \
            missing) for --holder, runs COMMAND in a process group of its own, and renews the \
            lease every third of the lease time. When the lease cannot be renewed for most of a \
            lease time (the cluster away) or another holder has it, COMMAND is stopped (SIGTERM \
            to its group, SIGKILL 5 s later) and bus-lease ends with 75. When COMMAND ends, the \
            lease is given up and bus-lease ends with COMMAND's status (128+N for signal N). A \
            holder that dies stops renewing: its lease is free a lease time later, and another \
            takes it (reel-watch --lease spreads channels over watchers this way). SIGTERM and \
            SIGINT go on to COMMAND's group. See bus-lease(1) and docs/nats.md.

            Credentials: --creds FILE or NATS_CREDS, or NATS_USER and NATS_PASSWORD; never printed.

            Exit status: COMMAND's; 64 usage, 66 the creds file is missing, 69 the cluster \
            cannot be reached, 75 the lease is held by another holder (said on stderr) or was \
            lost, 1 COMMAND cannot be run.
            """,
        version: ReelVersion.string
    )

    @Option(help: ArgumentHelp("The bucket: nats://HOST[:PORT][,HOST...]/BUCKET.", valueName: "url"))
    var kv: String

    @Option(help: ArgumentHelp("The lease's key (letters, digits, - and _, dots between).", valueName: "key"))
    var key: String

    @Option(help: ArgumentHelp("Who holds it (default: the host's name).", valueName: "name"))
    var holder: String?

    @Option(name: .customLong("lease-time"), help: ArgumentHelp("Seconds a lease lasts without renewal (the bucket's TTL, when creating it).", valueName: "seconds"))
    var leaseTime = 30.0

    @Option(help: ArgumentHelp("Copies of the bucket in the cluster, when creating it.", valueName: "n"))
    var replicas = 1

    @Option(help: ArgumentHelp("A NATS creds file (else NATS_CREDS).", valueName: "file"), completion: .file())
    var creds: String?

    @OptionGroup var conventions: ConventionOptions

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The command and its arguments, after --.", valueName: "command"))
    var command: [String] = []

    func validate() throws {
        guard leaseTime >= 1, leaseTime <= 3600 else { throw ValidationError("--lease-time: \(leaseTime) is out of range (1 to 3600 s)") }
        guard (1...5).contains(replicas) else { throw ValidationError("--replicas: must be 1 to 5") }
        guard !command.isEmpty else { throw ValidationError("no command: bus-lease [options] -- COMMAND [ARGS...]") }
        if let holder {
            guard !holder.isEmpty, holder.utf8.count <= 256, !holder.contains(where: \.isNewline) else {
                throw ValidationError("--holder: 1 to 256 bytes on one line")
            }
        }
    }

    static let toolName = "bus-lease"

    func perform(_ run: ToolRun) throws {
        try hold(run)
    }

    private func hold(_ run: ToolRun) throws {
        let address: BusAddress
        do {
            address = try BusAddress(kv, credsFile: creds, nameKind: "stream")
        } catch {
            throw ToolError(error.reason, at: "--kv", failure: error.failure)
        }
        let name = holder ?? ProcessInfo.processInfo.hostName
        let connection = try BusConnection(address, clientName: "bus-lease")
        let lease = try BusLease(connection, bucket: address.name, key: key, holder: name, leaseTime: leaseTime, replicas: replicas)
        guard lease.acquire() else {
            run.diagnostics.warning("held by \(lease.currentHolder().map { String($0.prefix(80)) } ?? "another holder")", at: key)
            throw ExitCode(75)
        }
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber) { busLeaseStopSignal.store($0, ordering: .relaxed) }
        }
        let child = try ChildProcess(command)
        var lastRenewed = monotonicSeconds()
        var nextRenewal = lastRenewed + leaseTime / 3
        while true {
            if let status = child.status() {
                lease.release()
                throw ExitCode(status)
            }
            let asked = busLeaseStopSignal.load(ordering: .relaxed)
            if asked != 0 {
                child.stop(asked)
                continue
            }
            let now = monotonicSeconds()
            if now >= nextRenewal {
                if lease.renew() {
                    lastRenewed = now
                } else if let other = lease.currentHolder(), other != name {
                    run.diagnostics.error("lost to \(other.prefix(80)): stopping the command", at: key, failure: .failed)
                    child.stop(SIGTERM)
                    throw ExitCode(75)
                } else if now - lastRenewed > leaseTime * 0.8 {
                    run.diagnostics.error("not renewed for \(Int(now - lastRenewed)) s: stopping the command", at: key, failure: .failed)
                    child.stop(SIGTERM)
                    throw ExitCode(75)
                }
                nextRenewal = now + min(leaseTime / 3, 2)
            }
            usleep(100_000)
        }
    }
}
