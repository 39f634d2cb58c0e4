import BusLeaseTool

/// bus-lease: its command is `BusLeaseCommand` in BusLeaseTool (Sources/ReelCommands/bus-lease).
@main
struct Entrypoint {
    static func main() { ToolMain.run() }
}
