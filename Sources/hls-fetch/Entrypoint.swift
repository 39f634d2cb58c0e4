import ReelCommands

/// hls-fetch: its command is `ReelTool.hlsFetch` in ReelCommands.
@main
struct Entrypoint {
    static func main() { ReelTool.hlsFetch.main() }
}
