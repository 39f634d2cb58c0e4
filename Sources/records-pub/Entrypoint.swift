import RecordsPubTool

/// records-pub: its command is `RecordsPub` in RecordsPubTool (Sources/ReelCommands/records-pub).
@main
struct Entrypoint {
    static func main() { ToolMain.run() }
}
