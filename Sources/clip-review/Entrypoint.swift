import ReelCommands

/// clip-review: its command is `ReelTool.clipReview` in ReelCommands.
@main
struct Entrypoint {
    static func main() { ReelTool.clipReview.main() }
}
