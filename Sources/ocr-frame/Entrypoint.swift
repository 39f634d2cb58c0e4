import OCRFrameTool

/// ocr-frame: its command is `OCRFrame` in OCRFrameTool (Sources/ReelCommands/ocr-frame).
@main
struct Entrypoint {
    static func main() { ToolMain.run() }
}
