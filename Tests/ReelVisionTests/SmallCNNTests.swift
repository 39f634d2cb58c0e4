import ReelVision
import Testing

@Suite struct SmallCNNTests {
    let shape = CNNShape(input: 8, filters: 3, hidden: 5, classes: 3)

    @Test func gradientMatchesFiniteDifferences() {
        var generator = SeededGenerator(seed: 3)
        let weights = CNNWeights.random(shape: shape, seed: 11)
        let input = (0..<64).map { _ in Float.random(in: 0...1, using: &generator) }
        let network = SmallCNN(weights: weights)
        let (_, gradient) = network.lossAndGradient(input, label: 1)
        // Every kind of parameter: convolution, hidden and output weights and biases.
        let probes = [0, 5, 26, 27, 29, 31, 100, 169, 170, weights.values.count - 12, weights.values.count - 1]
        for index in probes {
            var plus = weights, minus = weights
            plus.values[index] += 1e-2
            minus.values[index] -= 1e-2
            network.load(plus)
            let up = network.lossAndGradient(input, label: 1).loss
            network.load(minus)
            let down = network.lossAndGradient(input, label: 1).loss
            let numeric = (up - down) / 2e-2
            #expect(abs(numeric - gradient[index]) <= 2e-3 + 0.05 * abs(numeric), "parameter \(index)")
        }
    }

    /// Images of a bar: horizontal (0), vertical (1) or a dot (2), anywhere.
    func bars(_ count: Int, seed: UInt64) -> ([[Float]], [Int]) {
        var generator = SeededGenerator(seed: seed)
        var samples: [[Float]] = [], labels: [Int] = []
        for _ in 0..<count {
            var image = [Float](repeating: 0, count: 64)
            let label = Int.random(in: 0..<3, using: &generator)
            let a = Int.random(in: 1..<7, using: &generator), b = Int.random(in: 1..<5, using: &generator)
            for step in 0..<(label == 2 ? 1 : 4) {
                let (x, y) = label == 0 ? (b + step, a) : (a, b + step)
                image[y * 8 + x] = 1
            }
            samples.append(image)
            labels.append(label)
        }
        return (samples, labels)
    }

    @Test func trainingLearnsAndIsReproducible() {
        let (samples, labels) = bars(600, seed: 1)
        var options = TrainingOptions()
        options.epochs = 8
        options.batchSize = 32
        options.learningRate = 0.01
        options.threads = 1
        let one = CNNTrainer(shape: shape, options: options).train(samples: samples, labels: labels)
        options.threads = 3
        let three = CNNTrainer(shape: shape, options: options).train(samples: samples, labels: labels)
        #expect(one == three, "the same weights whatever the thread count")
        let (test, truth) = bars(300, seed: 2)
        let network = SmallCNN(weights: one)
        let right = zip(test, truth).filter { sample, label in
            let p = network.probabilities(sample)
            return p.indices.max { p[$0] < p[$1] } == label
        }.count
        #expect(right >= 285, "\(right) of 300 right")
    }
}
