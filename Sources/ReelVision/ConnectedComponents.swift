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
        let width = image.width, height = image.height, count = width * height
        // Which values are selected, asked once per value rather than once per pixel.
        var table = [Bool](repeating: false, count: 256)
        for value in 0..<256 { table[value] = selected(UInt8(value)) }
        var labels = [Int32](repeating: 0, count: count)
        // A new label needs its W and N neighbours unselected, and no two new labels share the
        // pixel to their W: at most (pixels + rows) / 2 start one (plus the unused label 0).
        var parent = [Int32](repeating: 0, count: count / 2 + height + 2)
        var used = 1
        // Union-find through static functions over buffers: no closure captures the forest, and
        // no access to it is checked at run time.
        table.withUnsafeBufferPointer { table in
            image.pixels.withUnsafeBufferPointer { pixels in
                labels.withUnsafeMutableBufferPointer { labels in
                    parent.withUnsafeMutableBufferPointer { parent in
                        for y in 0..<height {
                            let row = y * width, above = row - width
                            for x in 0..<width where table[Int(pixels[row + x])] {
                                var label: Int32 = 0
                                // Neighbours already visited: W, NW, N, NE.
                                if x > 0, labels[row + x - 1] != 0 { label = Self.find(parent, labels[row + x - 1]) }
                                if y > 0 {
                                    let first = x > 0 ? above + x - 1 : above + x, last = x + 1 < width ? above + x + 1 : above + x
                                    for neighbour in first...last where labels[neighbour] != 0 {
                                        label = label == 0 ? Self.find(parent, labels[neighbour])
                                            : Self.union(parent, label, labels[neighbour])
                                    }
                                }
                                if label == 0 {
                                    label = Int32(used)
                                    parent[used] = label
                                    used += 1
                                }
                                labels[row + x] = label
                            }
                        }
                    }
                }
            }
        }
        // Second pass: final labels numbered 1, 2, ... in order of first appearance; statistics.
        var final = [Int32](repeating: 0, count: used)
        var minX: [Int] = [], minY: [Int] = [], maxX: [Int] = [], maxY: [Int] = []
        var area: [Int] = [], sumX: [Int] = [], sumY: [Int] = []
        parent.withUnsafeMutableBufferPointer { parent in
            for index in 1..<used { parent[index] = Self.find(parent, Int32(index)) }
            labels.withUnsafeMutableBufferPointer { labels in
                for y in 0..<height {
                    for x in 0..<width {
                        let index = y * width + x
                        let raw = labels[index]
                        guard raw != 0 else { continue }
                        let root = Int(parent[Int(raw)])
                        if final[root] == 0 {
                            minX.append(x); minY.append(y); maxX.append(x); maxY.append(y)
                            area.append(0); sumX.append(0); sumY.append(0)
                            final[root] = Int32(area.count)
                        }
                        let label = final[root]
                        labels[index] = label
                        let i = Int(label) - 1
                        if x < minX[i] { minX[i] = x }
                        if x > maxX[i] { maxX[i] = x }
                        maxY[i] = y
                        area[i] += 1
                        sumX[i] += x
                        sumY[i] += y
                    }
                }
            }
        }
        self.labels = labels
        self.width = width
        self.height = height
        components = (0..<area.count).map { i -> Component in
            Component(label: i + 1, x: minX[i], y: minY[i], width: maxX[i] - minX[i] + 1, height: maxY[i] - minY[i] + 1,
                      area: area[i], centroidX: Double(sumX[i]) / Double(area[i]), centroidY: Double(sumY[i]) / Double(area[i]))
        }
    }

    /// The root of a label in a union-find forest, flattening the path to it.
    @inline(__always)
    static func find(_ parent: UnsafeMutableBufferPointer<Int32>, _ label: Int32) -> Int32 {
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

    /// Joins two labels' trees under the smaller root; returns it.
    @inline(__always)
    static func union(_ parent: UnsafeMutableBufferPointer<Int32>, _ a: Int32, _ b: Int32) -> Int32 {
        let ra = find(parent, a), rb = find(parent, b)
        if ra == rb { return ra }
        let (low, high) = ra < rb ? (ra, rb) : (rb, ra)
        parent[Int(high)] = low
        return low
    }
}
