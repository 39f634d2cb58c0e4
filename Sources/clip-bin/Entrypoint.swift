import ClipBinTool

/// clip-bin: its command is `ClipBinCommand` in ClipBinTool (Sources/ReelCommands/clip-bin).
@main
struct Entrypoint {
    static func main() { ToolMain.run() }
}
