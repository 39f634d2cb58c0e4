import ReelCommands

/// clip-cut: its command is `ReelTool.clipCut` in ReelCommands.
@main
struct Entrypoint {
    static func main() { ReelTool.clipCut.main() }
}
