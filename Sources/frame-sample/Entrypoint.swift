import FrameSampleTool

/// frame-sample: its command is `FrameSample` in FrameSampleTool (Sources/ReelCommands/frame-sample).
@main
struct Entrypoint {
    static func main() { ToolMain.run() }
}
