import ReelCommands

/// skull-find: its command is `ReelTool.skullFind` in ReelCommands.
@main
struct Entrypoint {
    static func main() { ReelTool.skullFind.main() }
}
