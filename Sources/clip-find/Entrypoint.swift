import ClipFindTool

/// clip-find: its command is `ClipFind` in ClipFindTool (Sources/ReelCommands/clip-find).
@main
struct Entrypoint {
    static func main() { ToolMain.run() }
}
