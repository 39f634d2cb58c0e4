/// One connected component of a binary image, with its statistics.
public struct Component: Sendable, Equatable {
    /// Its label in the label image (1, 2, ...).
    public var label: Int
    /// Its bounding box.
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    /// Its pixel count.
    public var area: Int
    /// The mean position of its pixels.
    public var centroidX: Double
    public var centroidY: Double

    /// The share of its bounding box it fills.
    public var fill: Double { Double(area) / Double(max(1, width * height)) }
}

/// The connected components of the pixels selected in a gray image (8-connectivity), found
/// with a union-find pass over the rows.
public struct ConnectedComponents: Sendable {
    /// `labels[y * width + x]`: 0 for background, else the component's label.
    public let labels: [Int32]
    /// The components, by label order (component `i` has label `i + 1`).
    public let components: [Component]
    public let width: Int
    public let height: Int

    /// The components of the pixels of `image` for which `selected` holds.
    public init(_ image: GrayImage, selected: (UInt8) -> Bool) {
        let width = image.width, height = image.height
        var labels = [Int32](repeating: 0, count: width * height)
        var parent: [Int32] = [0]
        func find(_ label: Int32) -> Int32 {
            var root = label
            while parent[Int(root)] != root { root = parent[Int(root)] }
            var node = label
            while parent[Int(node)] != root {
                let next = parent[Int(node)]
                parent[Int(node)] = root
                node = next
            }
            return root
        }
        func union(_ a: Int32, _ b: Int32) -> Int32 {
            let ra = find(a), rb = find(b)
            if ra == rb { return ra }
            let (low, high) = ra < rb ? (ra, rb) : (rb, ra)
            parent[Int(high)] = low
            return low
        }
        for y in 0..<height {
            for x in 0..<width where selected(image.pixels[y * width + x]) {
                var label: Int32 = 0
                // Neighbours already visited: W, NW, N, NE.
                for (dx, dy) in [(-1, 0), (-1, -1), (0, -1), (1, -1)] {
                    let nx = x + dx, ny = y + dy
                    guard nx >= 0, nx < width, ny >= 0 else { continue }
                    let neighbour = labels[ny * width + nx]
                    if neighbour != 0 {
                        label = label == 0 ? find(neighbour) : union(label, neighbour)
                    }
                }
                if label == 0 {
                    label = Int32(parent.count)
                    parent.append(label)
                }
                labels[y * width + x] = label
            }
        }
        // Second pass: final labels numbered 1, 2, ... in order of first appearance; statistics.
        var final = [Int32](repeating: 0, count: parent.count)
        var stats: [(minX: Int, minY: Int, maxX: Int, maxY: Int, area: Int, sumX: Int, sumY: Int)] = []
        for index in 0..<labels.count where labels[index] != 0 {
            let root = Int(find(labels[index]))
            if final[root] == 0 {
                stats.append((Int.max, Int.max, -1, -1, 0, 0, 0))
                final[root] = Int32(stats.count)
            }
            let label = final[root]
            labels[index] = label
            let x = index % width, y = index / width
            var s = stats[Int(label) - 1]
            s.minX = min(s.minX, x); s.minY = min(s.minY, y); s.maxX = max(s.maxX, x); s.maxY = max(s.maxY, y)
            s.area += 1; s.sumX += x; s.sumY += y
            stats[Int(label) - 1] = s
        }
        self.labels = labels
        self.width = width
        self.height = height
        components = stats.enumerated().map { index, s in
            Component(label: index + 1, x: s.minX, y: s.minY, width: s.maxX - s.minX + 1, height: s.maxY - s.minY + 1,
                      area: s.area, centroidX: Double(s.sumX) / Double(s.area), centroidY: Double(s.sumY) / Double(s.area))
        }
    }
}
