import EventDetectTool

/// event-detect: its command is `EventDetect` in EventDetectTool (Sources/ReelCommands/event-detect).
@main
struct Entrypoint {
    static func main() { ToolMain.run() }
}
