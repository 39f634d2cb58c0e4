import ReelCommands

/// clip-bin: its command is `ReelTool.clipBin` in ReelCommands.
@main
struct Entrypoint {
    static func main() { ReelTool.clipBin.main() }
}
