import ReelVision

/// What Tesseract read for prepared images seen before, so a line or word that looks the same
/// again (the same text over a still box, frame after frame) is not read again.
///
/// Images are keyed by their size and every pixel's ink (they are two-level): a hit gives what
/// Tesseract reads for exactly that image, so what a run writes never depends on which thread
/// read what first. At most `capacity` are kept (the oldest go first).
struct ReadingCache {
    struct Key: Hashable {
        var width: Int
        var height: Int
        var bits: [UInt64]

        /// The key of a prepared image (dark ink on white, two-level).
        init(_ image: GrayImage) {
            width = image.width
            height = image.height
            var bits = [UInt64](repeating: 0, count: (image.pixels.count + 63) / 64)
            for (index, value) in image.pixels.enumerated() where value < 128 {
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
