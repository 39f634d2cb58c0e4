import ClipCutTool

/// clip-cut: its command is `ClipCut` in ClipCutTool (Sources/ReelCommands/clip-cut).
@main
struct Entrypoint {
    static func main() { ToolMain.run() }
}
