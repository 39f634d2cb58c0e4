import HookPostTool

/// hook-post: its command is `HookPost` in HookPostTool (Sources/ReelCommands/hook-post).
@main
struct Entrypoint {
    static func main() { ToolMain.run() }
}
