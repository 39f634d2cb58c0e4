import ArgumentParser
import Foundation
import ReelCLI
import ReelCore
import ReelHLS
import ReelHTTP
import ReelTwitch

struct ClipFind: ToolCommand {
    static func main() { runAsTool("clip-find") }

    static let configuration = CommandConfiguration(
        commandName: "clip-find",
        abstract: "Find the top Twitch clips of a game or a channel through Helix: one clip record per clip.",
        discussion: """
            Pages Twitch's Helix clips API (GET helix/clips, 100 a page, most viewed first) for a \
            game (--game, a name resolved through helix/games, or an id) or a channel \
            (--channel, a login resolved through helix/users, or an id) over --period, keeps \
            --language, and writes a `clip` record per clip as each page arrives (reel-records(5)), \
            up to --limit. Within Helix's rate limit (an empty bucket waits for its reset; a 429 \
            waits and asks again); transient failures are retried. With --state FILE the paging \
            resumes where an interrupted run stopped (same query: same time window). \
            Download the clips with `clip-bin add` and `clip-bin download`, or one with \
            `hls-fetch --twitch-clip`. See clip-find(1).

            Environment: REEL_TWITCH_HELIX_CLIENT_ID (your app's Client-Id), REEL_TWITCH_HELIX_TOKEN \
            or REEL_TWITCH_HELIX_TOKEN_FILE (an app access token; never printed), REEL_TWITCH_HELIX \
            (the base URL, for stand-ins).

            Exit status: 0 ok, 1 failure, 64 usage or missing credentials, 65 clips Helix \
            described wrongly (skipped) or a cursor that does not move, 66 no such game or \
            channel, 69 Twitch could not be reached or refused, 74 cannot write.
            """,
        version: ReelVersion.string
    )

    @Option(help: ArgumentHelp("A game: its name (as Twitch spells it) or id.", valueName: "name|id"))
    var game: String?

    @Option(help: ArgumentHelp("A channel: its login or broadcaster id.", valueName: "login|id"))
    var channel: String?

    @Option(help: ArgumentHelp("Clips created in the last day, week or month, or all.", valueName: "day|week|month|all"))
    var period = "week"

    @Option(help: ArgumentHelp("Keep clips in this language (ISO 639-1, e.g. en).", valueName: "code"))
    var language: String?

    @Option(help: ArgumentHelp("The most clips to write.", valueName: "n"))
    var limit = 100

    @Option(help: ArgumentHelp("Resume paging from this file (written after each page, removed at the end).", valueName: "file"), completion: .file())
    var state: String?

    @Option(help: ArgumentHelp("Seconds a request may go without progress.", valueName: "seconds"))
    var timeout: Double = 10

    @OptionGroup var conventions: ConventionOptions

    func validate() throws {
        guard (game == nil) != (channel == nil) else { throw ValidationError("give one of --game and --channel") }
        guard Self.days(of: period) != nil else { throw ValidationError("--period: day, week, month or all") }
        guard (1...1_000_000).contains(limit) else { throw ValidationError("--limit: must be 1 to 1000000") }
        guard timeout > 0, timeout <= NumberLimits.plausibleJump else { throw ValidationError("--timeout: must be more than 0, up to 86400 s") }
    }

    static let toolName = "clip-find"

    func perform(_ run: ToolRun) throws {
        try find(run)
    }

    /// Days back from now for a period (0: all).
    static func days(of period: String) -> Int? {
        ["day": 1, "week": 7, "month": 30, "all": 0][period]
    }

    private func find(_ run: ToolRun) throws {
        var http = HTTPOptions()
        http.stallTimeout = timeout
        http.maximumBodySize = 8 << 20
        let helix = try HelixClient.fromEnvironment(options: http)
        let scope: HelixClipScope
        var gameName: String?
        if let game {
            let found = try helix.game(game)
            scope = .game(id: found.id)
            gameName = found.name
        } else {
            scope = .broadcaster(id: try helix.broadcaster(channel ?? "").id)
        }
        let asked = "\(game.map { "game=\($0)" } ?? "channel=\(channel ?? "")") period=\(period) language=\(language ?? "") limit=\(limit)"
        var paging = PagingState(asked: asked)
        if let state, let saved = PagingState.load(state), saved.asked == asked {
            paging = saved
            run.diagnostics.warning("resuming after \(saved.emitted) clip(s)", at: state)
        } else {
            let now = Date().timeIntervalSince1970.rounded()
            let days = Self.days(of: period) ?? 0
            paging.endedAt = days > 0 ? ProgramDateTime.text(now) : nil
            paging.startedAt = days > 0 ? ProgramDateTime.text(now - Double(days) * 86_400) : nil
        }
        var pages = 0
        while paging.emitted < limit {
            let page = try helix.clips(of: scope, startedAt: paging.startedAt, endedAt: paging.endedAt,
                                       first: language == nil ? limit - paging.emitted : 100, after: paging.cursor)
            pages += 1
            for clip in page.clips where paging.emitted < limit {
                if let problem = HelixClient.problem(of: clip) {
                    run.diagnostics.error(problem + ": skipped", at: "helix/clips", failure: .badInput)
                    continue
                }
                if let language, clip["language"]?.stringValue != language { continue }
                try run.output.write(HelixClient.record(of: clip, game: gameName))
                paging.emitted += 1
            }
            run.progress.update("\(paging.emitted) clips, \(pages) pages")
            if let next = page.cursor, next == paging.cursor {
                // The same page again would come back for ever.
                run.diagnostics.error("the next page's cursor is the one just used: paging stopped", at: "helix/clips",
                                      failure: .badInput)
                break
            }
            paging.cursor = page.cursor
            guard page.cursor != nil, !page.clips.isEmpty else { break }
            if let state {
                try paging.save(state)
            }
        }
        if let state {
            unlink(state)
        }
    }
}
