import ReelCommands

/// digit-classify: its command is `ReelTool.digitClassify` in ReelCommands.
@main
struct Entrypoint {
    static func main() { ReelTool.digitClassify.main() }
}
