import Foundation
import ReelCore

/// How a `SmallCNN` is trained.
public struct TrainingOptions: Sendable {
    public var epochs = 12
    public var batchSize = 64
    public var learningRate: Float = 0.002
    /// The learning rate falls to this share of itself by the last epoch (cosine).
    public var finalLearningRate: Float = 0.05
    public var seed: UInt64 = 1
    /// Threads computing gradients (the result does not depend on it).
    public var threads = 2
    /// Drop half the hidden units at random while training.
    public var dropout = true

    public init() {}
}

/// What one epoch of training gave.
public struct EpochReport: Sendable {
    public var epoch: Int
    public var loss: Double
    public var accuracy: Double
}

/// Trains a `SmallCNN` with Adam on mini-batches.
///
/// Reproducible: samples are shuffled, augmented and dropped out from generators seeded by
/// (seed, epoch, sample), and each batch's gradient is summed over a fixed number of chunks in
/// order, so the weights depend on the data and the seed only, not on the thread count.
public struct CNNTrainer {
    public let shape: CNNShape
    public let options: TrainingOptions
    private static let chunks = 8

    public init(shape: CNNShape, options: TrainingOptions) {
        self.shape = shape
        self.options = options
    }

    /// Trains on `samples` (each `shape.input` squared values) with `labels`.
    ///
    /// - Parameters:
    ///   - augment: changes a sample in place for one epoch (shifts, noise...), from a seeded generator.
    ///   - report: called after each epoch.
    public func train(samples: [[Float]], labels: [Int],
                      augment: (@Sendable (inout [Float], inout SeededGenerator) -> Void)? = nil,
                      report: (EpochReport) -> Void = { _ in }) -> CNNWeights {
        precondition(samples.count == labels.count && !samples.isEmpty, "no samples, or labels do not match")
        var weights = CNNWeights.random(shape: shape, seed: options.seed)
        let count = weights.values.count
        var moment = [Float](repeating: 0, count: count), velocity = moment
        var step: Float = 0
        let networks = (0..<Self.chunks).map { _ in SmallCNN(weights: weights) }
        let gradients = (0..<Self.chunks).map { _ in UnsafeMutableBufferPointer<Float>.allocate(capacity: count) }
        defer { gradients.forEach { $0.deallocate() } }
        let batchesPerEpoch = (samples.count + options.batchSize - 1) / options.batchSize
        for epoch in 0..<options.epochs {
            var order = Array(samples.indices)
            var shuffler = SeededGenerator(seed: options.seed &* 1_000_003 &+ UInt64(epoch))
            order.shuffle(using: &shuffler)
            var epochLoss = 0.0, correct = 0
            for batch in 0..<batchesPerEpoch {
                let members = Array(order[(batch * options.batchSize)..<min(samples.count, (batch + 1) * options.batchSize)])
                networks.forEach { $0.load(weights) }
                let results = UnsafeMutableBufferPointer<(Double, Int)>.allocate(capacity: Self.chunks)
                results.initialize(repeating: (0, 0))
                defer { results.deallocate() }
                let perChunk = (members.count + Self.chunks - 1) / Self.chunks
                let work = { (chunk: Int) in
                    let gradient = gradients[chunk]
                    gradient.initialize(repeating: 0)
                    let network = networks[chunk]
                    var loss = 0.0, right = 0
                    for member in members.dropFirst(chunk * perChunk).prefix(perChunk) {
                        var generator = SeededGenerator(seed: options.seed ^ (UInt64(epoch) << 40) ^ UInt64(member) &* 0x9E37_79B9)
                        var input = samples[member]
                        augment?(&input, &generator)
                        let mask = options.dropout ? (0..<shape.hidden).map { _ in Bool.random(using: &generator) } : nil
                        input.withUnsafeBufferPointer { pointer in
                            network.forward(pointer, dropout: mask)
                            loss += Double(network.backward(pointer, label: labels[member], into: gradient))
                        }
                        if network.output.indices.max(by: { network.output[$0] < network.output[$1] }) == labels[member] {
                            right += 1
                        }
                    }
                    results[chunk] = (loss, right)
                }
                Parallel.forEach(Self.chunks, threads: options.threads, work)
                for chunk in 0..<Self.chunks {
                    epochLoss += results[chunk].0
                    correct += results[chunk].1
                }
                // Adam, with a cosine-decaying learning rate.
                step += 1
                let progress = Float(epoch * batchesPerEpoch + batch) / Float(max(1, options.epochs * batchesPerEpoch - 1))
                let rate = options.learningRate * (options.finalLearningRate + (1 - options.finalLearningRate)
                    * 0.5 * (1 + cos(Float.pi * progress)))
                let scale = 1 / Float(members.count)
                let correction1 = 1 - pow(0.9, step), correction2 = 1 - pow(0.999, step)
                weights.values.withUnsafeMutableBufferPointer { w in
                    for index in 0..<count {
                        var g: Float = 0
                        for chunk in 0..<Self.chunks {
                            g += gradients[chunk][index]
                        }
                        g *= scale
                        moment[index] = 0.9 * moment[index] + 0.1 * g
                        velocity[index] = 0.999 * velocity[index] + 0.001 * g * g
                        w[index] -= rate * (moment[index] / correction1) / ((velocity[index] / correction2).squareRoot() + 1e-8)
                    }
                }
            }
            report(EpochReport(epoch: epoch + 1, loss: epochLoss / Double(samples.count),
                               accuracy: Double(correct) / Double(samples.count)))
        }
        return weights
    }
}
