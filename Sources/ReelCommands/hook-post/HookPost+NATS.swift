import ReelBus
import ReelCore
import ReelHooks

extension HookPost {
    /// Delivers the records of a JetStream stream (`--from`, `--durable`): each record is
    /// spooled (every hook's delivery written durably) before it is acknowledged, so killing
    /// hook-post at any point loses nothing, and a record delivered again is recognized by its
    /// idempotency keys and not sent twice. Runs until killed, or `--idle-exit` seconds with
    /// nothing fetched and no delivery under way.
    func deliver(from address: BusAddress, to deliverer: HookDeliverer, types: Set<String>, run: ToolRun) throws {
        guard inputs.inputs.isEmpty else {
            throw ToolError("--from reads records from the stream: give no input files", failure: .badUsage)
        }
        guard let durable = bus.durable else {
            throw ToolError("needs --durable", at: "--from", failure: .badUsage)
        }
        let source = try BusRecordSource(address, durable: durable, ackWait: bus.ackWait, clientName: "hook-post")
        var lastActivity = monotonicSeconds()
        while true {
            let fetched = try source.pull(64, timeout: deliverer.isIdle ? 0.5 : 0.001,
                                          warning: { run.diagnostics.warning($0, at: address.description) },
                                          malformed: { reason, place in try run.malformed(reason, at: place) }) { record, place in
                guard let type = record.type, types.contains(type) else {
                    try run.output.write(record)
                    return true
                }
                // A clip's file from the bus's object store, into the spool (hook-post may attach from there).
                let local: Record
                do throws(ToolError) {
                    local = try source.localize(record, into: spool + "/objects", maximumSize: Int(saturating: maximumFileSize * 1_048_576))
                } catch where error.failure == .unavailable {
                    run.diagnostics.warning("\(error.reason); the record comes again", at: place)
                    return false
                } catch {
                    try run.malformed(error.reason, at: place)
                    return true
                }
                try deliverer.submit(local)
                try run.output.write(local)
                return true
            }
            // Transfers move along (and their ends are recorded) for up to 0.1 s between fetches.
            let stepsEnd = monotonicSeconds() + 0.1
            repeat {
                try deliverer.step(waitingAtMost: max(0.001, stepsEnd - monotonicSeconds()))
            } while !deliverer.isIdle && monotonicSeconds() < stepsEnd
            if fetched > 0 || !deliverer.isIdle {
                lastActivity = monotonicSeconds()
            } else if let idleExit = bus.idleExit, monotonicSeconds() - lastActivity >= idleExit {
                return
            }
        }
    }
}
