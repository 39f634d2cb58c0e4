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
/// run by run: each row's runs of selected pixels are joined (union-find) with the runs of the
/// row above that touch them, so the work goes with the runs, not with the pixels.
public struct ConnectedComponents: Sendable {
    /// `labels[y * width + x]`: 0 for background, else the component's label.
    public let labels: [Int32]
    /// The components, by label order (component `i` has label `i + 1`: labels are numbered in
    /// the order of the components' first pixels, row by row).
    public let components: [Component]
    public let width: Int
    public let height: Int

    /// The components of the pixels of `image` for which `selected` holds.
    public init(_ image: GrayImage, selected: (UInt8) -> Bool) {
        let width = image.width, height = image.height
        // Which values are selected, asked once per value rather than once per pixel.
        var table = [Bool](repeating: false, count: 256)
        for value in 0..<256 { table[value] = selected(UInt8(value)) }
        // The runs, in raster order: row, first column, one past the last, provisional label.
        var runRow: [Int32] = [], runStart: [Int32] = [], runEnd: [Int32] = []
        // A run needs an unselected pixel after it: at most (pixels + rows) / 2 runs.
        let most = (width * height + height) / 2 + 1
        // Union-find parents of provisional labels, each set as its label is made (a zeroed
        // array of `most` entries cost more than the labelling of a small image).
        let parentMemory = UnsafeMutableBufferPointer<Int32>.allocate(capacity: most + 1)
        defer { parentMemory.deallocate() }
        parentMemory[0] = 0
        var runLabel: [Int32] = []
        runRow.reserveCapacity(min(most, 4096)); runStart.reserveCapacity(min(most, 4096))
        runEnd.reserveCapacity(min(most, 4096)); runLabel.reserveCapacity(min(most, 4096))
        var used: Int32 = 1
        table.withUnsafeBufferPointer { table in
            image.pixels.withUnsafeBufferPointer { pixels in
                do {
                    let parent = parentMemory
                    var previousFirst = 0, previousEnd = 0
                    for y in 0..<height {
                        let row = y * width, first = runStart.count
                        var above = previousFirst
                        var x = 0
                        while x < width {
                            guard table[Int(pixels[row + x])] else { x += 1; continue }
                            let start = x
                            x += 1
                            while x < width, table[Int(pixels[row + x])] { x += 1 }
                            // Runs above that touch [start - 1, x] (8-connectivity).
                            while above < previousEnd, Int(runEnd[above]) < start { above += 1 }
                            var label: Int32 = 0
                            var touching = above
                            while touching < previousEnd, Int(runStart[touching]) <= x {
                                label = label == 0 ? Self.find(parent, runLabel[touching])
                                    : Self.union(parent, label, runLabel[touching])
                                touching += 1
                            }
                            if label == 0 {
                                label = used
                                parent[Int(used)] = used
                                used += 1
                            }
                            runRow.append(Int32(y)); runStart.append(Int32(start)); runEnd.append(Int32(x))
                            runLabel.append(label)
                        }
                        previousFirst = first
                        previousEnd = runStart.count
                    }
                }
            }
        }
        // Final labels numbered 1, 2, ... in order of first appearance (runs are in raster
        // order); statistics summed over runs; the label image written once, in raster order:
        // the gap before each run 0, the run its label, what is after the last run 0.
        var final = [Int32](repeating: 0, count: Int(used))
        var minX: [Int] = [], minY: [Int] = [], maxX: [Int] = [], maxY: [Int] = []
        var area: [Int] = [], sumX: [Int] = [], sumY: [Int] = []
        let labels = [Int32](unsafeUninitializedCapacity: width * height) { labels, count in
            let parent = parentMemory
            var written = 0
            for run in runStart.indices {
                let root = Int(Self.find(parent, runLabel[run]))
                let y = Int(runRow[run]), start = Int(runStart[run]), end = Int(runEnd[run])
                if final[root] == 0 {
                    minX.append(start); minY.append(y); maxX.append(end - 1); maxY.append(y)
                    area.append(0); sumX.append(0); sumY.append(0)
                    final[root] = Int32(area.count)
                }
                let label = final[root], i = Int(label) - 1, length = end - start
                if start < minX[i] { minX[i] = start }
                if end - 1 > maxX[i] { maxX[i] = end - 1 }
                maxY[i] = y
                area[i] += length
                sumX[i] += (start + end - 1) * length / 2
                sumY[i] += y * length
                let row = y * width
                for index in written..<(row + start) { labels[index] = 0 }
                for x in start..<end { labels[row + x] = label }
                written = row + end
            }
            for index in written..<(width * height) { labels[index] = 0 }
            count = width * height
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
