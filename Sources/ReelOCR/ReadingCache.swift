import ReelVision

/// What Tesseract read for prepared images seen before, so a line or word that looks the same
/// again (the same text over a still box, frame after frame) is not read again.
///
/// Images are keyed by their size and their ink at half resolution, which a pixel or two of
/// edge noise does not change; at most `capacity` are kept (the oldest go first).
struct ReadingCache {
    struct Key: Hashable {
        var width: Int
        var height: Int
        var bits: [UInt64]

        /// The key of a prepared image (dark ink on white).
        init(_ image: GrayImage) {
            let half = image.downsampled(by: 2)
            width = half.width
            height = half.height
            var bits = [UInt64](repeating: 0, count: (half.pixels.count + 63) / 64)
            for (index, value) in half.pixels.enumerated() where value < 128 {
                bits[index / 64] |= 1 << UInt64(index % 64)
            }
            self.bits = bits
        }
    }

    let capacity: Int
    private var entries: [Key: OCRText] = [:]
    private var order: [Key] = []

    init(capacity: Int) {
        self.capacity = capacity
    }

    subscript(key: Key) -> OCRText? {
        get { entries[key] }
        set {
            guard let newValue else { return }
            if entries.updateValue(newValue, forKey: key) == nil {
                order.append(key)
                if order.count > capacity {
                    entries[order.removeFirst()] = nil
                }
            }
        }
    }
}
