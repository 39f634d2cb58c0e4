/// One crop of a `frame` record: its image file and where it lies in the frame.
public struct FrameCrop: Sendable, Equatable {
    /// The image file.
    public var path: String
    /// The box in frame pixels [x, y, w, h], when the record says.
    public var box: [Int]?
    /// The image's size [w, h], when the record says (it differs from the box's when scaled).
    public var size: [Int]?

    /// Image pixels per frame pixel, vertically (1 when not scaled or not said).
    public var scale: Double {
        guard let box, let size, box.count == 4, size.count == 2, box[3] > 0 else { return 1 }
        return Double(size[1]) / Double(box[3])
    }
}

extension Record {
    /// The largest frame or image side a record may state.
    public static let maximumSide = 1 << 16

    /// A whole number field within `range`, nil when missing, not a whole number or outside.
    public func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = self[key]?.intValue, range.contains(value) else { return nil }
        return value
    }

    /// A finite number field, nil when missing or not finite.
    public func number(_ key: String) -> Double? {
        guard let value = self[key]?.doubleValue, value.isFinite else { return nil }
        return value
    }

    /// A frame record's time `t` (finite, 0 to a year of seconds), nil otherwise.
    public var frameTime: Double? {
        guard let t = number(FrameRecord.Field.t.rawValue), (0...31_622_400).contains(t) else { return nil }
        return t
    }

    /// A frame record's `w` and `h` (the source frame's size), nil when absent or absurd.
    public var frameSize: (width: Int, height: Int)? {
        guard let w = integer(FrameRecord.Field.w.rawValue, in: 1...Self.maximumSide),
              let h = integer(FrameRecord.Field.h.rawValue, in: 1...Self.maximumSide) else { return nil }
        return (w, h)
    }

    /// The crop `name` of a frame record, nil when it has none.
    public func crop(_ name: String) -> FrameCrop? {
        guard let crop = self[FrameRecord.Field.crops]?[name], let path = crop["path"]?.stringValue, !path.isEmpty else { return nil }
        func integers(_ key: String, _ count: Int) -> [Int]? {
            guard let items = crop[key]?.arrayValue, items.count == count else { return nil }
            let values = items.compactMap { $0.intValue }.filter { (0...Self.maximumSide).contains($0) }
            return values.count == count ? values : nil
        }
        return FrameCrop(path: path, box: integers("box", 4), size: integers("size", 2))
    }

    /// Where a message about this frame points: "frame at T s".
    public var framePlace: String {
        frameTime.map { "frame at \($0) s" } ?? "frame"
    }
}
