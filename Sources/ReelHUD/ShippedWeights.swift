import Foundation
import ReelCore
import ReelVision

/// The digit classifier's weights shipped with reel: `digits.weights` (trained by
/// scripts/train-digits) and `digits.weights.sha256` beside it, in the sha256sum format.
///
/// They are ReelHUD's resources: in a build, in the resource bundle next to the tools
/// (`.build/debug/reel_ReelHUD.resources`); installed, in `share/reel` beside the tools' `bin`.
public enum ShippedWeights {
    /// The weights file's name.
    public static let fileName = "digits.weights"
    /// Its checksum file's name.
    public static let checksumName = fileName + ".sha256"

    /// The shipped weights, or why there are none to use (looked up once).
    public static let weights: Result<CNNWeights, ShippedWeightsProblem> = load(from: folders(besideTool: toolFolder))

    /// The folder of the running executable.
    static var toolFolder: URL {
        Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() ?? Bundle.main.bundleURL
    }

    /// Where the weights may be, in order: ReelHUD's resource bundle in `folder`, then
    /// `folder/../share/reel` (an installed tool).
    package static func folders(besideTool folder: URL) -> [URL] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let bundles = entries.filter { $0.hasSuffix("_ReelHUD.resources") }.sorted().map { folder.appendingPathComponent($0) }
        return bundles + [folder.deletingLastPathComponent().appendingPathComponent("share/reel")]
    }

    /// The weights in the first of `folders` that has a weights file: checked against their
    /// checksum, read, and checked to fit the classifier's network.
    package static func load(from folders: [URL]) -> Result<CNNWeights, ShippedWeightsProblem> {
        let files = folders.map { $0.appendingPathComponent(fileName).path }
        guard let path = files.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            return .failure(.missing(searched: files))
        }
        guard let bytes = FileManager.default.contents(atPath: path).map([UInt8].init) else {
            return .failure(.damaged(path: path, why: "cannot be read"))
        }
        guard let checksumText = try? String(contentsOfFile: path + ".sha256", encoding: .utf8) else {
            return .failure(.damaged(path: path, why: "no checksum beside it (\(checksumName))"))
        }
        return weights(bytes: bytes, checksum: checksumText, source: path)
    }

    /// Weights from a weights file's `bytes`, checked against `checksum` (a sha256sum line):
    /// damaged when the digest differs, they do not read as a weights file, or fit another network.
    package static func weights(bytes: [UInt8], checksum: String, source: String) -> Result<CNNWeights, ShippedWeightsProblem> {
        let expected = checksum.split(whereSeparator: \.isWhitespace).first.map(String.init)?.lowercased() ?? ""
        let actual = SHA256.hex(bytes)
        guard expected == actual else {
            return .failure(.damaged(path: source, why: "its SHA-256 is \(actual), its checksum file says \(expected.isEmpty ? "nothing" : expected)"))
        }
        let weights: CNNWeights
        do {
            weights = try CNNWeights(fileBytes: bytes, source: source)
        } catch {
            return .failure(.damaged(path: source, why: error.reason))
        }
        guard weights.shape == DigitClassifier.shape else {
            return .failure(.damaged(path: source, why: "made for another network"))
        }
        return .success(weights)
    }
}

/// Why the shipped weights cannot be used.
public enum ShippedWeightsProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// No weights file in any of the places looked in.
    case missing(searched: [String])
    /// A weights file that does not read, or not as its checksum says (`why`).
    case damaged(path: String, why: String)

    public var description: String {
        switch self {
        case .missing(let searched):
            "no shipped digit weights (looked for \(searched.joined(separator: ", ")))"
        case .damaged(let path, let why):
            "\(path): the shipped digit weights are damaged: \(why)"
        }
    }
}
