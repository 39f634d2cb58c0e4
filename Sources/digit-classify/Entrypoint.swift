import DigitClassifyTool

/// digit-classify: its command is `DigitClassify` in DigitClassifyTool (Sources/ReelCommands/digit-classify).
@main
struct Entrypoint {
    static func main() { ToolMain.run() }
}
