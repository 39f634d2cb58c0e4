import CompileClipsTool

/// compile-clips: its command is `CompileClips` in CompileClipsTool (Sources/ReelCommands/compile-clips).
@main
struct Entrypoint {
    static func main() { ToolMain.run() }
}
