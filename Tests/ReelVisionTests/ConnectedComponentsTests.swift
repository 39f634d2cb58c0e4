@testable import ReelVision
import Testing

/// The union-find labelling agrees with a plain flood fill, on the patterns that start the most
/// labels and on random images of every small size.
@Suite struct ConnectedComponentsTests {
    func labelled(_ image: GrayImage) -> [Int] {
        ConnectedComponents(image) { $0 == 0 }.components.map(\.area).sorted()
    }

    /// The components' areas by the flood fill, sorted.
    func floodAreas(_ image: GrayImage) -> [Int] {
        floodLabels(image).components.map(\.area).sorted()
    }

    /// A random image up to `width` x `height` with ink (0) at a random density.
    func randomImage(width most: Int, height tallest: Int, densities: ClosedRange<Double>,
                     using generator: inout SystemRandomNumberGenerator) -> GrayImage {
        let width = Int.random(in: 1...most, using: &generator), height = Int.random(in: 1...tallest, using: &generator)
        let density = Double.random(in: densities, using: &generator)
        var image = GrayImage(width: width, height: height, value: 255)
        for y in 0..<height { for x in 0..<width where Double.random(in: 0..<1, using: &generator) < density { image[x, y] = 0 } }
        return image
    }

    @Test func patternsStartingTheMostLabels() {
        // Every other pixel of one row; one column; a pixel in four; a single pixel.
        for (width, height, ink) in [(9, 1, { (x: Int, y: Int) in x % 2 == 0 }), (1, 9, { _, y in y % 2 == 0 }),
                                     (8, 7, { x, y in x % 2 == 0 && y % 2 == 0 }), (6, 6, { x, y in (x + 2 * y) % 4 == 0 }),
                                     (1, 1, { _, _ in true })] as [(Int, Int, (Int, Int) -> Bool)] {
            var image = GrayImage(width: width, height: height, value: 255)
            for y in 0..<height { for x in 0..<width where ink(x, y) { image[x, y] = 0 } }
            #expect(labelled(image) == floodAreas(image), "\(width)x\(height)")
        }
    }

    @Test func randomImagesAgreeWithAFloodFill() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let image = randomImage(width: 24, height: 24, densities: 0.05...0.7, using: &generator)
            #expect(labelled(image) == floodAreas(image), "\(image.width)x\(image.height)")
        }
    }

    /// The label image by a flood fill from each component's first pixel in raster order (so
    /// numbered as the labelling numbers them), with each component's box and centroid.
    func floodLabels(_ image: GrayImage) -> (labels: [Int32], components: [Component]) {
        var labels = [Int32](repeating: 0, count: image.width * image.height)
        var components: [Component] = []
        for start in labels.indices where image.pixels[start] == 0 && labels[start] == 0 {
            let label = Int32(components.count + 1)
            var queue = [start], pixels: [Int] = []
            labels[start] = label
            while let index = queue.popLast() {
                pixels.append(index)
                let x = index % image.width, y = index / image.width
                for dy in -1...1 {
                    for dx in -1...1 {
                        let nx = x + dx, ny = y + dy
                        guard nx >= 0, ny >= 0, nx < image.width, ny < image.height else { continue }
                        let next = ny * image.width + nx
                        if image.pixels[next] == 0 && labels[next] == 0 {
                            labels[next] = label
                            queue.append(next)
                        }
                    }
                }
            }
            let xs = pixels.map { $0 % image.width }, ys = pixels.map { $0 / image.width }
            let minX = xs.min() ?? 0, minY = ys.min() ?? 0
            components.append(Component(label: Int(label), x: minX, y: minY, width: (xs.max() ?? 0) - minX + 1,
                                        height: (ys.max() ?? 0) - minY + 1, area: pixels.count,
                                        centroidX: Double(xs.reduce(0, +)) / Double(pixels.count),
                                        centroidY: Double(ys.reduce(0, +)) / Double(pixels.count)))
        }
        return (labels, components)
    }

    @Test func labelImageBoxesAndCentroidsAgreeWithAFloodFill() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let image = randomImage(width: 40, height: 30, densities: 0.05...0.8, using: &generator)
            let found = ConnectedComponents(image) { $0 == 0 }, flood = floodLabels(image)
            #expect(found.labels == flood.labels, "\(image.width)x\(image.height)")
            #expect(found.components.count == flood.components.count)
            for (mine, theirs) in zip(found.components, flood.components) {
                #expect(mine.label == theirs.label && mine.x == theirs.x && mine.y == theirs.y && mine.width == theirs.width
                        && mine.height == theirs.height && mine.area == theirs.area)
                #expect(abs(mine.centroidX - theirs.centroidX) < 1e-9 && abs(mine.centroidY - theirs.centroidY) < 1e-9)
            }
        }
    }
}
