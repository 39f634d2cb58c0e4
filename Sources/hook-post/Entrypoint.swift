import ReelCommands

/// hook-post: its command is `ReelTool.hookPost` in ReelCommands.
@main
struct Entrypoint {
    static func main() { ReelTool.hookPost.main() }
}
