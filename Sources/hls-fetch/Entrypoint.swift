import HLSFetchTool

/// hls-fetch: its command is `HLSFetch` in HLSFetchTool (Sources/ReelCommands/hls-fetch).
@main
struct Entrypoint {
    static func main() { ToolMain.run() }
}
