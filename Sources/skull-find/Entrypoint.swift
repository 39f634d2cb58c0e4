import SkullFindTool

/// skull-find: its command is `SkullFind` in SkullFindTool (Sources/ReelCommands/skull-find).
@main
struct Entrypoint {
    static func main() { ToolMain.run() }
}
