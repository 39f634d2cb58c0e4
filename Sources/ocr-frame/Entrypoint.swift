import ReelCommands

/// ocr-frame: its command is `ReelTool.ocrFrame` in ReelCommands.
@main
struct Entrypoint {
    static func main() { ReelTool.ocrFrame.main() }
}
