import ReelCommands

/// frame-sample: its command is `ReelTool.frameSample` in ReelCommands.
@main
struct Entrypoint {
    static func main() { ReelTool.frameSample.main() }
}
