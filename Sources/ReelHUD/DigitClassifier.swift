import Foundation
import ReelVision

/// A kill count read from its digits.
public struct KillReading: Sendable, Equatable {
    /// The count.
    public var value: Int
    /// Each digit, left to right, with its probability.
    public var digits: [(digit: Int, probability: Double)]
    /// The probability that every digit is right (their product).
    public var confidence: Double

    public static func == (a: KillReading, b: KillReading) -> Bool {
        a.value == b.value && a.confidence == b.confidence
            && a.digits.map(\.digit) == b.digits.map(\.digit) && a.digits.map(\.probability) == b.digits.map(\.probability)
    }
}

/// Why the shipped weights cannot be used.
public enum ShippedWeightsProblem: Error, Sendable, Equatable {
    /// None are built in.
    case none
    /// They are built in but do not read (the reason says why).
    case damaged(String)
}

/// Why no count was read.
public enum KillReadingFailure: Error, Sendable, Equatable {
    case cut(DigitCutFailure)
    /// A shape the network takes for no digit, or for none with enough confidence.
    case unreadable

    public var reason: String {
        switch self {
        case .cut(let failure): failure.rawValue
        case .unreadable: "a shape is no digit"
        }
    }
}

/// Classifies cut digits with a small CNN (`SmallCNN`): ten digits and "not a digit".
/// One classifier per thread.
public final class DigitClassifier {
    /// The network's layout: 20x20 input, 16 3x3 filters, 64 hidden units, 11 classes.
    public static let shape = CNNShape(input: DigitCutter.side, filters: 16, hidden: 64, classes: 11)
    /// The class of shapes that are no digit.
    public static let notADigit = 10
    /// The least probability a digit needs to count.
    public var minimumProbability = 0.5

    /// The weights shipped with reel (trained by scripts/train-digits), nil if none are built in
    /// or they are damaged (`shippedWeights` says which).
    public static var shipped: CNNWeights? { try? shippedWeights.get() }

    /// The shipped weights, or why there are none to use.
    public static let shippedWeights: Result<CNNWeights, ShippedWeightsProblem> = weights(base64: DigitWeights.base64)

    /// Weights from a weights file in base 64 (as `DigitWeights` holds them): none when empty,
    /// damaged when they do not decode, do not read as a weights file, or fit another network.
    package static func weights(base64: String) -> Result<CNNWeights, ShippedWeightsProblem> {
        guard !base64.isEmpty else { return .failure(.none) }
        guard let data = Data(base64Encoded: base64, options: .ignoreUnknownCharacters) else {
            return .failure(.damaged("not base 64"))
        }
        let weights: CNNWeights
        do {
            weights = try CNNWeights(fileBytes: [UInt8](data), source: "shipped digit weights")
        } catch {
            return .failure(.damaged(error.reason))
        }
        guard weights.shape == shape else { return .failure(.damaged("made for another network")) }
        return .success(weights)
    }

    private let network: SmallCNN

    public init(weights: CNNWeights) {
        network = SmallCNN(weights: weights)
    }

    /// The most likely class of a cut digit and its probability.
    public func classify(_ cut: DigitCut) -> (label: Int, probability: Double) {
        let probabilities = network.probabilities(cut.pixels)
        let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? Self.notADigit
        return (best, Double(probabilities[best]))
    }

    /// The count the cut digits make.
    public func read(_ cuts: [DigitCut]) -> Result<KillReading, KillReadingFailure> {
        var digits: [(digit: Int, probability: Double)] = []
        for cut in cuts {
            let (label, probability) = classify(cut)
            guard label != Self.notADigit, probability >= minimumProbability else { return .failure(.unreadable) }
            digits.append((label, probability))
        }
        guard !digits.isEmpty else { return .failure(.cut(.noDigits)) }
        let value = digits.reduce(0) { $0 * 10 + $1.digit }
        return .success(KillReading(value: value, digits: digits, confidence: digits.reduce(1) { $0 * $1.probability }))
    }
}
