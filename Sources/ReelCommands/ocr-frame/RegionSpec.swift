import ArgumentParser

/// A region to read from `--rect`: `CROP=x,y,w,h` (read as CROP) or `LABEL=CROP:x,y,w,h`, the
/// box in fractions of the crop.
struct RegionSpec: ExpressibleByArgument, Sendable {
    /// The name of the result in the record's `ocr` object.
    let label: String
    /// The crop the region lies in.
    let crop: String
    /// x, y, w, h in fractions of the crop.
    let box: [Double]

    init(label: String, crop: String, box: [Double] = [0, 0, 1, 1]) {
        self.label = label
        self.crop = crop
        self.box = box
    }

    init?(argument: String) {
        guard let equals = argument.firstIndex(of: "=") else { return nil }
        let label = String(argument[..<equals])
        var rest = argument[argument.index(after: equals)...]
        var crop = label
        if let colon = rest.firstIndex(of: ":") {
            crop = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        let numbers = rest.split(separator: ",").compactMap { Double($0) }
        let valid: (String) -> Bool = { !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } }
        guard valid(label), valid(crop), numbers.count == 4, numbers.allSatisfy({ $0 >= 0 && $0 <= 1 }),
              numbers[2] > 0, numbers[3] > 0, numbers[0] + numbers[2] <= 1.000001, numbers[1] + numbers[3] <= 1.000001 else {
            return nil
        }
        self.init(label: label, crop: crop, box: numbers)
    }

    /// The region's pixel box in a crop of `width` x `height`.
    func pixels(width: Int, height: Int) -> (x: Int, y: Int, w: Int, h: Int) {
        let x = Int((box[0] * Double(width)).rounded(.down)), y = Int((box[1] * Double(height)).rounded(.down))
        let w = max(1, Int((box[2] * Double(width)).rounded())), h = max(1, Int((box[3] * Double(height)).rounded()))
        return (x, y, min(w, width - x), min(h, height - y))
    }
}
