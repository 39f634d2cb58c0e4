import ArgumentParser

/// The options every reel tool shares (`--strict`, `--progress`, `--quiet`, `--verbose`).
public struct ConventionOptions: ParsableArguments, Sendable {
    @Flag(help: "Stop at the first malformed input line (exit 65) instead of skipping it.")
    public var strict = false

    @Flag(help: "Show progress on stderr even when it is not a terminal.")
    public var progress = false

    @Flag(name: [.short, .long], help: "Show no progress and no warnings on stderr; errors still show.")
    public var quiet = false

    @Flag(name: [.short, .long], help: "Say more on stderr of what is done (each transfer, for tools that fetch); --quiet wins.")
    public var verbose = false

    public init() {}
}

/// The record inputs of a filter: files named as arguments (`-` for stdin), stdin when none.
public struct RecordInputOptions: ParsableArguments, Sendable {
    @Argument(help: ArgumentHelp("NDJSON input files ('-' for stdin); stdin when none.", valueName: "file"), completion: .file())
    public var inputs: [String] = []

    public init() {}
}
