import ReelCommands

/// records-pub: its command is `ReelTool.recordsPub` in ReelCommands.
@main
struct Entrypoint {
    static func main() { ReelTool.recordsPub.main() }
}
