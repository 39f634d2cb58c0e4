import ReelCommands

/// bus-lease: its command is `ReelTool.busLease` in ReelCommands.
@main
struct Entrypoint {
    static func main() { ReelTool.busLease.main() }
}
