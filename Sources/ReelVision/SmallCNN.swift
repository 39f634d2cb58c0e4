import Foundation

/// The layout of a `SmallCNN`: one 3x3 convolution with ReLU, 2x2 max-pooling, a dense
/// hidden layer with ReLU (dropout in training), and a dense output layer with softmax.
public struct CNNShape: Sendable, Equatable, Codable {
    /// Side of the square gray input, in pixels.
    public var input: Int
    /// Convolution filters.
    public var filters: Int
    /// Units of the hidden layer.
    public var hidden: Int
    /// Output classes.
    public var classes: Int

    public init(input: Int, filters: Int, hidden: Int, classes: Int) {
        self.input = input
        self.filters = filters
        self.hidden = hidden
        self.classes = classes
    }

    var convolved: Int { input - 2 }
    var pooled: Int { convolved / 2 }
    var pooledCount: Int { pooled * pooled * filters }

    /// How many parameters (floats) a network of this shape has.
    public var parameterCount: Int {
        filters * 9 + filters + hidden * pooledCount + hidden + classes * hidden + classes
    }
}

/// The parameters of a `SmallCNN`, in one array: convolution weights and biases, hidden
/// weights and biases, output weights and biases.
public struct CNNWeights: Sendable, Equatable {
    public let shape: CNNShape
    public var values: [Float]

    public init(shape: CNNShape, values: [Float]) {
        precondition(values.count == shape.parameterCount, "weights do not fit the shape")
        self.shape = shape
        self.values = values
    }

    /// He-initialised weights (zero biases) from a seeded generator.
    public static func random(shape: CNNShape, seed: UInt64) -> CNNWeights {
        var generator = SeededGenerator(seed: seed)
        var values = [Float](repeating: 0, count: shape.parameterCount)
        let layout = CNNLayout(shape)
        func fill(_ range: Range<Int>, fanIn: Int) {
            let deviation = (2 / Float(fanIn)).squareRoot()
            for index in range {
                values[index] = generator.normal() * deviation
            }
        }
        fill(layout.convWeights, fanIn: 9)
        fill(layout.hiddenWeights, fanIn: shape.pooledCount)
        fill(layout.outputWeights, fanIn: shape.hidden)
        return CNNWeights(shape: shape, values: values)
    }
}

/// Where each parameter block lies in `CNNWeights.values`.
struct CNNLayout {
    let convWeights: Range<Int>
    let convBiases: Range<Int>
    let hiddenWeights: Range<Int>
    let hiddenBiases: Range<Int>
    let outputWeights: Range<Int>
    let outputBiases: Range<Int>

    init(_ shape: CNNShape) {
        var start = 0
        func next(_ count: Int) -> Range<Int> {
            defer { start += count }
            return start..<(start + count)
        }
        convWeights = next(shape.filters * 9)
        convBiases = next(shape.filters)
        hiddenWeights = next(shape.hidden * shape.pooledCount)
        hiddenBiases = next(shape.hidden)
        outputWeights = next(shape.classes * shape.hidden)
        outputBiases = next(shape.classes)
    }
}

/// A small convolutional network for classifying little gray images (digits), forward pass and
/// training in plain Swift. One instance per thread: it keeps scratch buffers.
public final class SmallCNN {
    public private(set) var weights: CNNWeights
    let shape: CNNShape
    let layout: CNNLayout
    // Activations of the last forward pass.
    var convolved: [Float]
    var pooled: [Float]
    var poolIndex: [Int32]
    var hidden: [Float]
    var output: [Float]

    public init(weights: CNNWeights) {
        self.weights = weights
        shape = weights.shape
        layout = CNNLayout(weights.shape)
        convolved = [Float](repeating: 0, count: shape.filters * shape.convolved * shape.convolved)
        pooled = [Float](repeating: 0, count: shape.pooledCount)
        poolIndex = [Int32](repeating: 0, count: shape.pooledCount)
        hidden = [Float](repeating: 0, count: shape.hidden)
        output = [Float](repeating: 0, count: shape.classes)
    }

    /// Replaces the weights (same shape).
    public func load(_ weights: CNNWeights) {
        precondition(weights.shape == shape, "weights of another shape")
        self.weights = weights
    }

    /// Class probabilities for one input (`shape.input` squared values, row by row, 0 to 1).
    public func probabilities(_ input: [Float]) -> [Float] {
        input.withUnsafeBufferPointer { forward($0, dropout: nil) }
        return output
    }

    /// The cross-entropy loss for `label` and its gradient with respect to every weight.
    public func lossAndGradient(_ input: [Float], label: Int) -> (loss: Float, gradient: [Float]) {
        var gradient = [Float](repeating: 0, count: weights.values.count)
        let loss = input.withUnsafeBufferPointer { pointer in
            forward(pointer, dropout: nil)
            return gradient.withUnsafeMutableBufferPointer { backward(pointer, label: label, into: $0) }
        }
        return (loss, gradient)
    }

    /// Runs the network; leaves every layer's activations in place for `backward`.
    /// `dropout`: the hidden units kept (training), nil at inference.
    func forward(_ input: UnsafeBufferPointer<Float>, dropout: [Bool]?) {
        let side = shape.input, conv = shape.convolved, pool = shape.pooled
        weights.values.withUnsafeBufferPointer { w in
            convolved.withUnsafeMutableBufferPointer { c in
                // 3x3 convolution + ReLU.
                for f in 0..<shape.filters {
                    let k = layout.convWeights.lowerBound + f * 9
                    let k0 = w[k], k1 = w[k + 1], k2 = w[k + 2], k3 = w[k + 3], k4 = w[k + 4]
                    let k5 = w[k + 5], k6 = w[k + 6], k7 = w[k + 7], k8 = w[k + 8]
                    let bias = w[layout.convBiases.lowerBound + f]
                    for y in 0..<conv {
                        let r0 = y * side, r1 = r0 + side, r2 = r1 + side
                        let out = (f * conv + y) * conv
                        for x in 0..<conv {
                            var sum = bias
                            sum += k0 * input[r0 + x] + k1 * input[r0 + x + 1] + k2 * input[r0 + x + 2]
                            sum += k3 * input[r1 + x] + k4 * input[r1 + x + 1] + k5 * input[r1 + x + 2]
                            sum += k6 * input[r2 + x] + k7 * input[r2 + x + 1] + k8 * input[r2 + x + 2]
                            c[out + x] = max(0, sum)
                        }
                    }
                }
                // 2x2 max-pooling, remembering the winner for the backward pass.
                pooled.withUnsafeMutableBufferPointer { p in
                    poolIndex.withUnsafeMutableBufferPointer { index in
                        for f in 0..<shape.filters {
                            for y in 0..<pool {
                                for x in 0..<pool {
                                    let a = (f * conv + 2 * y) * conv + 2 * x
                                    var best = a
                                    if c[a + 1] > c[best] { best = a + 1 }
                                    if c[a + conv] > c[best] { best = a + conv }
                                    if c[a + conv + 1] > c[best] { best = a + conv + 1 }
                                    let o = (f * pool + y) * pool + x
                                    p[o] = c[best]
                                    index[o] = Int32(best)
                                }
                            }
                        }
                    }
                }
            }
            // Dense hidden layer + ReLU (+ dropout).
            pooled.withUnsafeBufferPointer { p in
                hidden.withUnsafeMutableBufferPointer { h in
                    let n = shape.pooledCount
                    guard let weightBase = w.baseAddress, let pooledBase = p.baseAddress else { return }
                    for unit in 0..<shape.hidden {
                        let row = layout.hiddenWeights.lowerBound + unit * n
                        let sum = dot(weightBase + row, pooledBase, n)
                        let value = max(0, sum + w[layout.hiddenBiases.lowerBound + unit])
                        h[unit] = dropout.map { $0[unit] ? value * 2 : 0 } ?? value
                    }
                }
            }
            // Output layer + softmax.
            hidden.withUnsafeBufferPointer { h in
                output.withUnsafeMutableBufferPointer { o in
                    var largest = -Float.infinity
                    for k in 0..<shape.classes {
                        let row = layout.outputWeights.lowerBound + k * shape.hidden
                        var sum = w[layout.outputBiases.lowerBound + k]
                        for unit in 0..<shape.hidden {
                            sum += w[row + unit] * h[unit]
                        }
                        o[k] = sum
                        largest = max(largest, sum)
                    }
                    var total: Float = 0
                    for k in 0..<shape.classes {
                        o[k] = exp(o[k] - largest)
                        total += o[k]
                    }
                    for k in 0..<shape.classes {
                        o[k] /= total
                    }
                }
            }
        }
    }

    /// Adds the gradient of the cross-entropy loss for `label` (after `forward` on `input`) to
    /// `gradient`; returns the loss.
    func backward(_ input: UnsafeBufferPointer<Float>, label: Int, into gradient: UnsafeMutableBufferPointer<Float>) -> Float {
        let side = shape.input, conv = shape.convolved, n = shape.pooledCount
        let loss = -log(max(output[label], 1e-12))
        var outputDelta = output
        outputDelta[label] -= 1
        var hiddenDelta = [Float](repeating: 0, count: shape.hidden)
        var pooledDelta = [Float](repeating: 0, count: n)
        weights.values.withUnsafeBufferPointer { w in
            hidden.withUnsafeBufferPointer { h in
                for k in 0..<shape.classes {
                    let delta = outputDelta[k]
                    let row = layout.outputWeights.lowerBound + k * shape.hidden
                    gradient[layout.outputBiases.lowerBound + k] += delta
                    for unit in 0..<shape.hidden {
                        gradient[row + unit] += delta * h[unit]
                        hiddenDelta[unit] += delta * w[row + unit]
                    }
                }
                // Through ReLU and dropout: units that were zero pass nothing back.
                for unit in 0..<shape.hidden where h[unit] <= 0 {
                    hiddenDelta[unit] = 0
                }
            }
            pooled.withUnsafeBufferPointer { p in
                for unit in 0..<shape.hidden {
                    let delta = hiddenDelta[unit]
                    guard delta != 0 else { continue }
                    let row = layout.hiddenWeights.lowerBound + unit * n
                    gradient[layout.hiddenBiases.lowerBound + unit] += delta
                    for i in 0..<n {
                        gradient[row + i] += delta * p[i]
                        pooledDelta[i] += delta * w[row + i]
                    }
                }
            }
        }
        // Through the pooling (to the winners) and the convolution's ReLU.
        for i in 0..<n where pooledDelta[i] != 0 {
            let at = Int(poolIndex[i])
            guard convolved[at] > 0 else { continue }
            let f = at / (conv * conv), y = (at / conv) % conv, x = at % conv
            let delta = pooledDelta[i]
            gradient[layout.convBiases.lowerBound + f] += delta
            let k = layout.convWeights.lowerBound + f * 9
            for ky in 0..<3 {
                for kx in 0..<3 {
                    gradient[k + ky * 3 + kx] += delta * input[(y + ky) * side + x + kx]
                }
            }
        }
        return loss
    }
}

/// The dot product of two float vectors of length `count`, eight lanes at a time (the
/// compiler will not vectorise a float reduction itself: it would change the rounding).
@inline(__always)
func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    let left = UnsafeRawPointer(a), right = UnsafeRawPointer(b)
    var first = SIMD8<Float>(), second = SIMD8<Float>()
    var index = 0
    while index + 16 <= count {
        first += left.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
            * right.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
        second += left.loadUnaligned(fromByteOffset: (index + 8) * 4, as: SIMD8<Float>.self)
            * right.loadUnaligned(fromByteOffset: (index + 8) * 4, as: SIMD8<Float>.self)
        index += 16
    }
    var sum = (first + second).sum()
    while index < count {
        sum += a[index] * b[index]
        index += 1
    }
    return sum
}

/// A small, seeded generator (SplitMix64) for reproducible initialisation and training.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal sample (Box-Muller).
    public mutating func normal() -> Float {
        let u1 = max(Double.leastNonzeroMagnitude, Double.random(in: 0..<1, using: &self))
        let u2 = Double.random(in: 0..<1, using: &self)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
}
