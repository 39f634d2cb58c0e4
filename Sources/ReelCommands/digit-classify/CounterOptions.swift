import ArgumentParser
import Foundation
import ReelCore
import ReelHUD
import ReelProfile
import ReelVision

/// Where the counter is and how it looks: from a profile's `counter`, or options over it.
struct CounterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A profile (built-in name or file) whose `counter` says the region, digit box, ink and model.", valueName: "name|file"), completion: .file(extensions: ["json"]))
    var profile: String?

    @Option(help: ArgumentHelp("The crop holding the icon and digits (default: the profile's, else hud).", valueName: "name"))
    var roi: String?

    @Option(help: ArgumentHelp("Network weights (from `digit-classify train`); default: the profile's, else the shipped ones.", valueName: "file"), completion: .file())
    var model: String?

    @Option(help: ArgumentHelp("The digits' box relative to the icon, in icon heights: x,y from its top-right corner, w,h.", valueName: "x,y,w,h"))
    var digits: String?

    @Option(help: ArgumentHelp("The digits' ink: light, dark, or colours like '#FFFFFF,#FF5050'.", valueName: "ink"))
    var ink: String?

    @Option(help: ArgumentHelp("The most digits the number has (default: the profile's, else 3).", valueName: "n"))
    var maxDigits: Int?

    func validate() throws {
        if let digits, parseBox(digits) == nil { throw ValidationError("--digits takes x,y,w,h in icon heights, e.g. 0,-0.3,3.2,1.6") }
        if let ink, parseInk(ink) == nil { throw ValidationError("--ink takes light, dark or colours like '#FFFFFF,#FF5050'") }
        guard maxDigits.map({ (1...6).contains($0) }) ?? true else { throw ValidationError("--max-digits must be 1 to 6") }
    }

    /// The profile's counter (the spec's when no profile is named) with the options over it.
    func counter() throws -> Profile.Counter {
        var counter: Profile.Counter
        if let profile {
            counter = try Profile.load(profile).counter ?? Profile.Counter()
        } else {
            counter = Profile.Counter(ink: DigitCutter.spec.ink, maxDigits: DigitCutter.spec.maxDigits)
        }
        if let roi { counter.region = roi }
        if let model { counter.model = model }
        if let digits, let box = parseBox(digits) { counter.digits = box }
        if let ink, let parsed = parseInk(ink) { counter.ink = parsed }
        if let maxDigits { counter.maxDigits = maxDigits }
        return counter
    }

    private func parseBox(_ text: String) -> Profile.DigitBox? {
        let parts = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, parts.allSatisfy({ $0.isFinite && abs($0) <= 50 }), parts[2] >= 0.2, parts[3] >= 0.2 else { return nil }
        return Profile.DigitBox(x: parts[0], y: parts[1], w: parts[2], h: parts[3])
    }

    private func parseInk(_ text: String) -> Profile.Ink? {
        switch text {
        case "light": return .light
        case "dark": return .dark
        default:
            let quoted = "[" + text.split(separator: ",").map { "\"\($0.trimmingCharacters(in: .whitespaces))\"" }.joined(separator: ",") + "]"
            return try? JSONDecoder().decode(Profile.Ink.self, from: Data(quoted.utf8))
        }
    }
}

/// The network weights a run uses: a file's, or the shipped ones.
enum Weights {
    static func load(_ path: String?) throws -> CNNWeights {
        if let path {
            let weights = try CNNWeights(path: path)
            guard weights.shape == DigitClassifier.shape else {
                let (theirs, ours) = (weights.shape, DigitClassifier.shape)
                throw ToolError("a network for \(theirs.input)x\(theirs.input) inputs, \(theirs.filters) filters, \(theirs.hidden) hidden "
                                + "units and \(theirs.classes) classes; digit-classify's takes \(ours.input)x\(ours.input), \(ours.filters), "
                                + "\(ours.hidden) and \(ours.classes) (train one with digit-classify train)",
                                at: path, failure: .badInput)
            }
            return weights
        }
        switch ShippedWeights.weights {
        case .success(let shipped):
            return shipped
        case .failure(.missing(let searched)):
            throw ToolError("no shipped weights beside this tool (looked for \(searched.joined(separator: ", "))): "
                            + "install reel with make install, or pass --model (see digit-classify train)", failure: .unavailable)
        case .failure(.damaged(let path, let why)):
            throw ToolError("the shipped weights are damaged (\(why)): install reel again, or pass --model",
                            at: path, failure: .failed)
        }
    }
}
