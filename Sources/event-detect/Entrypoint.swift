import ReelCommands

/// event-detect: its command is `ReelTool.eventDetect` in ReelCommands.
@main
struct Entrypoint {
    static func main() { ReelTool.eventDetect.main() }
}
