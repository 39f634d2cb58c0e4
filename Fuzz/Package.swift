// swift-tools-version:6.0
// reel's libFuzzer targets: one executable per parser of outside input, built apart from the
// main package (its own scratch path, .build-fuzz) with `-sanitize=fuzzer,address`, so that the
// main build and `make test`'s tests never see the sanitizer flags. scripts/fuzz builds and runs
// them (`make fuzz FUZZ_SECONDS=1800`; `make test` runs each a few seconds).
//
// A new target: a line below, a folder Sources/fuzz-NAME with one file whose `@main` hands
// its test to `runFuzzer` (FuzzDriver), and its seed folders in scripts/fuzz.

import Foundation
import PackageDescription

/// The targets: their names and the reel libraries they call.
let targets: [(name: String, libraries: [String])] = [
    ("json", ["ReelCore"]),
    ("hls-playlist", ["ReelHLS", "ReelHTTP"]),
    ("pnm", ["ReelVision"]),
    ("png", ["ReelVision"]),
    ("dataset", ["ReelHUD"]),
    ("weights", ["ReelVision"]),
    ("profile", ["ReelEvents", "ReelProfile"]),
]

/// The main package, one folder up: SwiftPM names a package by its folder.
let reel = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "reel-fuzz",
    products: targets.map { .executable(name: "fuzz-" + $0.name, targets: ["fuzz-" + $0.name]) },
    dependencies: [.package(path: "..")],
    targets: [.target(name: "FuzzDriver")] + targets.map { target in
        .executableTarget(name: "fuzz-" + target.name,
                          dependencies: ["FuzzDriver"] + target.libraries.map { .product(name: $0, package: reel) })
    }
)
