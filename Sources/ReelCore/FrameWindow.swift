/// Holds records until the frames after each frame (its later neighbours) have arrived, then
/// hands them out in order with their neighbours: streaming with a delay of `after` frames.
public struct FrameWindow {
    let before: Int
    let after: Int
    private var waiting: [Record] = []
    private var recentFrames: [Record] = []  // the last `before` frames handed out

    public init(size: Int) {
        before = (size - 1) / 2
        after = size / 2
    }

    /// Adds a record; returns those now ready, each with its neighbouring frames.
    public mutating func add(_ record: Record) -> [(Record, [Record])] {
        waiting.append(record)
        return ready(flush: false)
    }

    /// Everything still held (at the end of input), with the neighbours there are.
    public mutating func finish() -> [(Record, [Record])] {
        ready(flush: true)
    }

    private mutating func ready(flush: Bool) -> [(Record, [Record])] {
        var out: [(Record, [Record])] = []
        while let first = waiting.first {
            guard first.type == "frame" else {
                out.append((waiting.removeFirst(), []))
                continue
            }
            let later = waiting.dropFirst().filter { $0.type == "frame" }.prefix(after)
            guard flush || later.count == after else { break }
            out.append((first, recentFrames + Array(later)))
            recentFrames.append(waiting.removeFirst())
            if recentFrames.count > before {
                recentFrames.removeFirst(recentFrames.count - before)
            }
        }
        return out
    }
}
