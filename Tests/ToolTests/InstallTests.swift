import Foundation
import ReelTestSupport
import Testing

/// `make install-files` (what `make install` does after its release build) with the built tools
/// into a staging folder (DESTDIR, PREFIX=/usr): shell completions that are registered and
/// complete paths, and `make uninstall` taking away exactly what was installed.
@Suite struct InstallTests {
    static let tools = VersionTests.tools
    static let scripts = VersionTests.scripts

    /// A staging folder with reel installed in it (PREFIX=/usr).
    final class Staging {
        let folder: TemporaryDirectory
        static let prefix = "/usr"

        /// Installs into a fresh folder; `before` places files there first.
        init(before: (String) throws -> Void = { _ in }) throws {
            folder = try TemporaryDirectory("reel-install")
            try before(folder.path)
            try make("install-files", "BIN=\(InstallTests.bin)")
        }

        /// Runs a target of the repository's Makefile with this DESTDIR and PREFIX.
        func make(_ target: String, _ variables: String...) throws {
            let result = try Subprocess.run("make", ["--no-print-directory", target, "DESTDIR=\(folder.path)",
                                                     "PREFIX=\(Self.prefix)"] + variables,
                                            directory: Repository.root.path, timeout: 120)
            guard result.status == 0 else { throw TestSetupError("make \(target): \(result.errors)") }
        }

        /// An installed file: `share/bash-completion/completions/clip-cut`.
        func file(_ path: String) -> String { folder.path + Self.prefix + "/" + path }

        /// Every file and link under the folder (not the folders), relative to it, sorted.
        func contents() throws -> [String] { try InstallTests.files(in: folder.path) }
    }

    /// The folder of the built tools (the one the other tool tests run).
    static var bin: String {
        URL(fileURLWithPath: Repository.tool("event-detect")).deletingLastPathComponent().path
    }

    static func files(in folder: String) throws -> [String] {
        let result = try Subprocess.run("find", [".", "!", "-type", "d"], directory: folder)
        guard result.status == 0 else { throw TestSetupError("find: \(result.errors)") }
        return result.lines.sorted()
    }

    /// Whether a program is on PATH (`command -v`).
    static func has(_ program: String) -> Bool {
        (try? Subprocess.run("bash", ["-c", "command -v \"$1\"", "bash", program]).status) == 0
    }

    /// What bash completes for `words` (the last is the word being completed) with the
    /// completion in `file`, run in `directory`: COMPREPLY, one per line, as the function that
    /// `complete -p` names for the command leaves it.
    static func complete(_ words: [String], with file: String, in directory: String,
                         environment: [String: String] = [:]) throws -> [String] {
        let script = """
            file=$1; shift
            source "$file" || exit 1
            spec=$(complete -p "$1") || exit 1
            function=${spec##*-F }; function=${function%% *}
            COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
            COMPREPLY=()
            "$function" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try Subprocess.run("bash", ["-c", script, "bash", file] + words, environment: environment,
                                        directory: directory)
        guard result.status == 0 else { throw TestSetupError("bash completion of \(words): \(result.errors)") }
        return result.lines
    }

    @Test func everyToolAndScriptHasItsBashCompletionRegistered() throws {
        let staging = try Staging()
        for command in Self.tools + Self.scripts {
            let file = staging.file("share/bash-completion/completions/\(command)")
            let result = try Subprocess.run("bash", ["-c", "source \"$1\" && complete -p \"$2\"", "bash", file, command])
            #expect(result.status == 0, "\(command): \(result.errors)")
            #expect(result.output.hasPrefix("complete "), "\(command): \(result.output)")
            #expect(result.output.hasSuffix(" \(command)\n"), "\(command): \(result.output)")
        }
    }

    @Test func bashCompletesPathsAsFilesOrFolders() throws {
        let staging = try Staging()
        let work = try TemporaryDirectory("reel-complete")
        for name in ["match.mp4", "match-profile.json", "notes.txt"] {
            try Data().write(to: work.url.appendingPathComponent(name))
        }
        try FileManager.default.createDirectory(atPath: work.file("match-frames"), withIntermediateDirectories: true)
        let completions = staging.file("share/bash-completion/completions/frame-sample")

        // A video argument: files and folders.
        let videos = try Self.complete(["frame-sample", "ma"], with: completions, in: work.path)
        #expect(Set(videos) == ["match.mp4", "match-profile.json", "match-frames"], "\(videos)")
        // --out: folders only; --profile: JSON files and folders.
        let out = try Self.complete(["frame-sample", "--out", "ma"], with: completions, in: work.path)
        #expect(out == ["match-frames"], "\(out)")
        let profile = try Self.complete(["frame-sample", "--profile", ""], with: completions, in: work.path)
        #expect(Set(profile) == ["match-profile.json", "match-frames"], "\(profile)")
        // A tool's options after a dash.
        let options = try Self.complete(["frame-sample", "--pro"], with: completions, in: work.path)
        #expect(Set(options) == ["--profile", "--progress"], "\(options)")

        // A pipeline script: files, and the options its --help names.
        let scriptCompletions = staging.file("share/bash-completion/completions/read-events")
        let files = try Self.complete(["read-events", "match."], with: scriptCompletions, in: work.path)
        #expect(files == ["match.mp4"], "\(files)")
        let path = staging.file("bin") + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let scriptOptions = try Self.complete(["football-goals", "--pro"], with: staging.file("share/bash-completion/completions/football-goals"),
                                              in: work.path, environment: ["PATH": path, "REEL_BIN": Self.bin])
        #expect(scriptOptions == ["--profile"], "\(scriptOptions)")
    }

    @Test func zshAndFishCompletionsAreInstalledForEveryTool() throws {
        let staging = try Staging()
        for tool in Self.tools {
            let zsh = try String(contentsOfFile: staging.file("share/zsh/site-functions/_\(tool)"), encoding: .utf8)
            #expect(zsh.hasPrefix("#compdef \(tool)\n"), "\(tool): \(zsh.prefix(40))")
            let fish = try String(contentsOfFile: staging.file("share/fish/vendor_completions.d/\(tool).fish"), encoding: .utf8)
            #expect(fish.hasPrefix("function "), "\(tool): \(fish.prefix(40))")
            #expect(fish.contains("complete -c '\(tool)'"), "\(tool)")
        }
    }

    @Test(.enabled(if: InstallTests.has("zsh"), "zsh is not installed: its completions are only checked as files"))
    func zshReadsTheCompletions() throws {
        let staging = try Staging()
        for tool in Self.tools {
            let result = try Subprocess.run("zsh", ["-n", staging.file("share/zsh/site-functions/_\(tool)")])
            #expect(result.status == 0, "\(tool): \(result.errors)")
        }
    }

    @Test(.enabled(if: InstallTests.has("fish"), "fish is not installed: its completions are only checked as files"))
    func fishReadsTheCompletions() throws {
        let staging = try Staging()
        for tool in Self.tools {
            let result = try Subprocess.run("fish", ["--no-execute", staging.file("share/fish/vendor_completions.d/\(tool).fish")])
            #expect(result.status == 0, "\(tool): \(result.errors)")
        }
    }

    @Test func uninstallRemovesWhatInstallPutInPlaceAndNothingElse() throws {
        // Files of other programs, beside and in the folders reel installs to.
        let others = ["usr/bin/other-tool", "usr/share/bash-completion/completions/git", "usr/share/zsh/site-functions/_git",
                      "usr/share/fish/vendor_completions.d/git.fish", "usr/share/man/man1/ls.1", "usr/lib/other/data"]
        var before: [String] = []
        let staging = try Staging { folder in
            for path in others {
                let url = URL(fileURLWithPath: folder + "/" + path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data("not reel's: \(path)\n".utf8).write(to: url)
            }
            before = try Self.files(in: folder)
        }
        let installed = Set(try staging.contents()).subtracting(before)
        for expected in ["./usr/bin/clip-cut", "./usr/bin/read-events", "./usr/lib/reel/pipeline-lib.sh",
                         "./usr/share/reel/digits.weights", "./usr/share/reel/digits.weights.sha256",
                         "./usr/share/man/man1/clip-cut.1", "./usr/share/man/man5/reel-records.5",
                         "./usr/share/bash-completion/completions/clip-cut", "./usr/share/bash-completion/completions/read-events",
                         "./usr/share/zsh/site-functions/_clip-cut", "./usr/share/fish/vendor_completions.d/clip-cut.fish"] {
            #expect(installed.contains(expected), "\(expected) not installed")
        }

        try staging.make("uninstall")
        #expect(try staging.contents() == before)
        for path in others {
            let text = try String(contentsOfFile: staging.folder.file(path), encoding: .utf8)
            #expect(text == "not reel's: \(path)\n")
        }
        #expect(!FileManager.default.fileExists(atPath: staging.file("lib/reel")))
        #expect(!FileManager.default.fileExists(atPath: staging.file("share/reel")))
    }

    @Test func anInstalledDigitClassifyReadsItsShippedWeights() throws {
        let staging = try Staging()
        let frame = #"{"type":"frame","t":1,"w":100,"h":100}"# + "\n"
        let tool = staging.file("bin/digit-classify")
        let read = try Subprocess.run(tool, ["--profile", "br"], input: Data(frame.utf8))
        #expect(read.status == 0, "\(read.errors)")
        #expect(read.lines.first?.contains("kills_reason") == true)
        // The same with the weights changed: said damaged, with the file.
        let weights = staging.file("share/reel/digits.weights")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: weights))
        bytes[bytes.count / 2] ^= 1
        try bytes.write(to: URL(fileURLWithPath: weights))
        let damaged = try Subprocess.run(tool, ["--profile", "br"], input: Data(frame.utf8))
        #expect(damaged.status == 1)
        #expect(damaged.errors.contains("\(weights): the shipped weights are damaged"), "\(damaged.errors)")
    }
}
