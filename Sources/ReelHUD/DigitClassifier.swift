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

    /// The weights shipped with reel (`ShippedWeights`), nil if they are missing or damaged
    /// (`ShippedWeights.weights` says which).
    public static var shipped: CNNWeights? { try? ShippedWeights.weights.get() }

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
