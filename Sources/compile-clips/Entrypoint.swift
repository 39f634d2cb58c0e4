import ReelCommands

/// compile-clips: its command is `ReelTool.compileClips` in ReelCommands.
@main
struct Entrypoint {
    static func main() { ReelTool.compileClips.main() }
}
