import ReelCommands

/// clip-find: its command is `ReelTool.clipFind` in ReelCommands.
@main
struct Entrypoint {
    static func main() { ReelTool.clipFind.main() }
}
