// swift-tools-version:6.0
// reel: small Unix filters that turn game streams into highlight clips.

import PackageDescription

/// The libraries' pixel and record loops are optimized in debug builds too: the end-to-end
/// tests run the debug tools over whole streams, where unoptimized Swift is 30 to 70 times
/// slower (skull-find: 42 s against 0.6 s for 120 frames). Debugging a library? Drop this.
let optimized: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

/// swift-argument-parser, which the command-line layer and the tools' commands use.
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")

/// A tool's command: its folder under Sources/ReelCommands, and the libraries it uses.
func command(_ name: String, _ folder: String, _ dependencies: [Target.Dependency]) -> Target {
    .target(name: name, dependencies: dependencies + [argumentParser], path: "Sources/ReelCommands/\(folder)")
}

let package = Package(
    name: "reel",
    products: [
        .executable(name: "frame-sample", targets: ["frame-sample"]),
        .executable(name: "ocr-frame", targets: ["ocr-frame"]),
        .executable(name: "skull-find", targets: ["skull-find"]),
        .executable(name: "digit-classify", targets: ["digit-classify"]),
        .executable(name: "event-detect", targets: ["event-detect"]),
        .executable(name: "clip-cut", targets: ["clip-cut"]),
        .executable(name: "compile-clips", targets: ["compile-clips"]),
        .executable(name: "hls-fetch", targets: ["hls-fetch"]),
        .executable(name: "hook-post", targets: ["hook-post"]),
        .executable(name: "clip-find", targets: ["clip-find"]),
        .executable(name: "clip-bin", targets: ["clip-bin"]),
        .executable(name: "clip-review", targets: ["clip-review"]),
        .library(name: "ReelCore", targets: ["ReelCore"]),
        .library(name: "ReelCLI", targets: ["ReelCLI"]),
        .library(name: "ReelMedia", targets: ["ReelMedia"]),
        .library(name: "ReelVision", targets: ["ReelVision"]),
        .library(name: "ReelOCR", targets: ["ReelOCR"]),
        .library(name: "ReelHUD", targets: ["ReelHUD"]),
        .library(name: "ReelProfile", targets: ["ReelProfile"]),
        .library(name: "ReelEvents", targets: ["ReelEvents"]),
        .library(name: "ReelHTTP", targets: ["ReelHTTP"]),
        .library(name: "ReelHLS", targets: ["ReelHLS"]),
        .library(name: "ReelTwitch", targets: ["ReelTwitch"]),
        .library(name: "ReelHooks", targets: ["ReelHooks"]),
        .library(name: "ReelClipBin", targets: ["ReelClipBin"]),
        .executable(name: "records-pub", targets: ["records-pub"]),
        .executable(name: "bus-lease", targets: ["bus-lease"]),
        .library(name: "ReelBus", targets: ["ReelBus"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // clip-review serve's HTTP server: no dependencies of its own (about 40 s more to a
        // clean build on 2 cores, against 2.5 to 4.5 min for Hummingbird and SwiftNIO).
        .package(url: "https://github.com/swhitty/FlyingFox.git", from: "0.27.1"),
    ],
    targets: [
        // C libraries from Debian's -dev packages, found through pkg-config.
        .systemLibrary(
            name: "CFFmpeg", pkgConfig: "libavformat",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libavfilter-dev", "libavutil-dev",
                              "libswscale-dev", "libswresample-dev"])]),
        .systemLibrary(
            name: "CTesseract", pkgConfig: "tesseract",
            providers: [.apt(["libtesseract-dev", "libleptonica-dev"])]),
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CNats", pkgConfig: "libnats",
            providers: [.apt(["libnats-dev"])]),

        // Records and a tool run's conventions: NDJSON, the JSON value type, diagnostics, kinds of
        // failure (no exit codes), files, threads, SHA-256. No command-line parsing: libraries do
        // not link it.
        .target(name: "ReelCore", dependencies: ["CCrypto"], swiftSettings: optimized),
        // The command line every tool shares: common options, usage errors, running a tool and
        // ending the process with its exit status, mapped from its first failure
        // (swift-argument-parser). Only the tools link it.
        .target(
            name: "ReelCLI",
            dependencies: ["ReelCore", argumentParser]),
        // Media: libavformat/libavcodec/libavfilter (drawtext)/libswscale through CFFmpeg.
        .target(name: "ReelMedia", dependencies: ["CFFmpeg", "ReelCore", "ReelVision"], swiftSettings: optimized),
        // Vision: gray and colour images, PGM/PPM/PNG and the image operations the readers share.
        .target(name: "ReelVision", dependencies: ["CZlib", "ReelCore"], swiftSettings: optimized),
        // HUD readers: the kill-count skull and digits (templates embedded; the digit weights a
        // resource, Resources/digits.weights with its SHA-256, read next to the tools at run time).
        .target(name: "ReelHUD", dependencies: ["ReelCore", "ReelProfile", "ReelVision"],
                resources: [.copy("Resources/digits.weights"), .copy("Resources/digits.weights.sha256")],
                swiftSettings: optimized),
        // Profiles: what a game looks like and how each stage reads it (data, not code).
        .target(name: "ReelProfile", dependencies: ["ReelCore"]),
        // Events: the logic turning readings into matches, kills, goals, periods.
        .target(name: "ReelEvents", dependencies: ["ReelCore", "ReelProfile"]),
        // OCR: Tesseract's C API on image regions.
        .target(name: "ReelOCR", dependencies: ["CTesseract", "ReelCore", "ReelVision"], swiftSettings: optimized),
        // HTTP(S) over libcurl: one transfer or many at once, retries, Retry-After, redaction.
        .target(name: "ReelHTTP", dependencies: ["CCurl", "ReelCore"]),
        // HLS: playlists (RFC 8216), segment fetching and decryption, concatenation.
        .target(name: "ReelHLS", dependencies: ["CCrypto", "ReelCore", "ReelHTTP"]),
        // Twitch: access tokens and playlists of channels and VODs, Helix clips, clip downloads.
        .target(name: "ReelTwitch", dependencies: ["ReelCore", "ReelHTTP", "ReelHLS"]),
        // Hooks: deliveries to Discord and upload hooks, spooled so none is lost or sent twice.
        .target(name: "ReelHooks", dependencies: ["CCrypto", "ReelCore", "ReelHTTP"]),
        // The clip bin: clips kept from Twitch, their ledger, and clip-review's editors and decisions.
        .target(name: "ReelClipBin", dependencies: ["CCrypto", "ReelCore", "ReelHTTP", "ReelHLS", "ReelTwitch"]),
        // The bus: NATS JetStream (streams, durable consumers, key-value leases) through CNats.
        .target(name: "ReelBus", dependencies: ["CNats", "ReelCore", argumentParser]),

        // The tools' commands, a target per tool (options, validation, what a run does), so that
        // each executable links only the libraries its tool uses (a tool that loads FFmpeg,
        // Tesseract, libcurl and libnats it never calls starts several times slower), and
        // tests reach them in process; ReelCommands names them all (ReelTool).
        command("FrameSampleTool", "frame-sample", ["ReelCLI", "ReelCore", "ReelMedia", "ReelProfile", "ReelVision"]),
        command("OCRFrameTool", "ocr-frame", ["ReelCLI", "ReelCore", "ReelOCR", "ReelProfile", "ReelVision"]),
        command("SkullFindTool", "skull-find", ["ReelCLI", "ReelCore", "ReelHUD", "ReelProfile", "ReelVision"]),
        command("DigitClassifyTool", "digit-classify", ["ReelCLI", "ReelCore", "ReelHUD", "ReelOCR", "ReelProfile",
                                                        "ReelVision"]),
        command("EventDetectTool", "event-detect", ["ReelCLI", "ReelCore", "ReelEvents", "ReelProfile"]),
        command("ClipCutTool", "clip-cut", ["ReelCLI", "ReelCore", "ReelEvents", "ReelMedia"]),
        // clip-cut's --format too (OutputFile.Container as an argument).
        command("CompileClipsTool", "compile-clips", ["ClipCutTool", "ReelCLI", "ReelCore", "ReelMedia", "ReelVision"]),
        command("HLSFetchTool", "hls-fetch", ["ReelCLI", "ReelClipBin", "ReelCore", "ReelHLS", "ReelHTTP",
                                              "ReelTwitch"]),
        command("ClipFindTool", "clip-find", ["ReelCLI", "ReelCore", "ReelHLS", "ReelHTTP", "ReelTwitch"]),
        command("ClipBinTool", "clip-bin", ["ReelCLI", "ReelClipBin", "ReelCore", "ReelTwitch"]),
        command("ClipReviewTool", "clip-review", ["ReelCLI", "ReelClipBin", "ReelCore", "ReelHTTP", "ReelMedia",
                                                  .product(name: "FlyingFox", package: "FlyingFox")]),
        command("HookPostTool", "hook-post", ["ReelBus", "ReelCLI", "ReelCore", "ReelHTTP", "ReelHooks", "ReelMedia"]),
        command("RecordsPubTool", "records-pub", ["ReelBus", "ReelCLI", "ReelCore"]),
        command("BusLeaseTool", "bus-lease", ["ReelBus", "ReelCLI", "ReelCore"]),
        .target(name: "ReelCommands",
                dependencies: ["FrameSampleTool", "OCRFrameTool", "SkullFindTool", "DigitClassifyTool", "EventDetectTool",
                               "ClipCutTool", "CompileClipsTool", "HLSFetchTool", "ClipFindTool", "ClipBinTool",
                               "ClipReviewTool", "HookPostTool", "RecordsPubTool", "BusLeaseTool"],
                path: "Sources/ReelCommands/ReelTool"),

        // The tools: entry points over their commands.
        .executableTarget(name: "frame-sample", dependencies: ["FrameSampleTool"]),
        .executableTarget(name: "ocr-frame", dependencies: ["OCRFrameTool"]),
        .executableTarget(name: "skull-find", dependencies: ["SkullFindTool"]),
        .executableTarget(name: "event-detect", dependencies: ["EventDetectTool"]),
        .executableTarget(name: "digit-classify", dependencies: ["DigitClassifyTool"]),
        .executableTarget(name: "clip-cut", dependencies: ["ClipCutTool"]),
        .executableTarget(name: "compile-clips", dependencies: ["CompileClipsTool"]),
        .executableTarget(name: "hls-fetch", dependencies: ["HLSFetchTool"]),
        .executableTarget(name: "clip-find", dependencies: ["ClipFindTool"]),
        .executableTarget(name: "clip-bin", dependencies: ["ClipBinTool"]),
        .executableTarget(name: "clip-review", dependencies: ["ClipReviewTool"]),
        .executableTarget(name: "hook-post", dependencies: ["HookPostTool"]),
        .executableTarget(name: "records-pub", dependencies: ["RecordsPubTool"]),
        .executableTarget(name: "bus-lease", dependencies: ["BusLeaseTool"]),

        // Helpers for tests only: temporary folders, subprocesses, a local HTTP server, synthetic streams.
        .target(name: "ReelTestSupport", dependencies: ["ReelCore"], path: "Tests/Support"),
        .testTarget(name: "ReelCoreTests", dependencies: ["ReelCore", "ReelTestSupport"]),
        .testTarget(name: "ReelCLITests", dependencies: ["ReelCLI", "ReelCore"]),
        .testTarget(name: "ReelCommandsTests", dependencies: ["ReelCommands", "DigitClassifyTool", "HLSFetchTool", "ReelCLI",
                                                          "ReelCore", "ReelTestSupport"]),
        .testTarget(name: "ReelMediaTests", dependencies: ["ReelMedia", "ReelTestSupport"]),
        .testTarget(name: "ReelVisionTests", dependencies: ["ReelVision", "ReelTestSupport"]),
        .testTarget(name: "ReelOCRTests", dependencies: ["ReelOCR", "ReelVision", "ReelTestSupport"]),
        .testTarget(name: "ReelNetTests", dependencies: ["ReelClipBin", "ReelHLS", "ReelHTTP", "ReelHooks", "ReelTwitch",
                                                       "ReelTestSupport"]),
        .testTarget(name: "ReelEventsTests", dependencies: ["ReelEvents", "ReelProfile", "ReelCore", "ReelTestSupport"]),
        .testTarget(name: "ReelHUDTests", dependencies: ["ReelHUD", "ReelProfile", "ReelVision", "ReelTestSupport"]),
        .testTarget(name: "ToolTests", dependencies: ["ReelCore", "ReelVision", "ReelTestSupport"]),
        .testTarget(name: "SynthStreamTests",
                    dependencies: ["ReelCore", "ReelOCR", "ReelVision", "ReelTestSupport"]),
    ]
)
