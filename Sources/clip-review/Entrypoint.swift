import ClipReviewTool

/// clip-review: its command is `ClipReview` in ClipReviewTool (Sources/ReelCommands/clip-review).
@main
struct Entrypoint {
    static func main() { ToolMain.run() }
}
