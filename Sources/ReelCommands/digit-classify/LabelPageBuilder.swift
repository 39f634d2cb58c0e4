import Foundation
import ReelCore
import ReelVision

/// Gathers the frames of the labelling page from frame records: each distinct crop image once,
/// as PNG (exact pixels: the icon is cut from these) or, when all of them as PNG would make the
/// page larger than aimed at, as JPEG for most and PNG for evenly spaced ones.
struct LabelPageBuilder {
    /// JPEG quality of the crops shown without exact pixels (4:2:0; about 36 dB on busy HUD
    /// crops, a quarter of PNG's size).
    static let jpegQuality = 85
    /// Crops kept exact even over the size aimed at (evenly spaced), so an icon can be cut.
    static let leastExact = 12

    /// The crop labelled.
    let region: String
    /// The frames with the crop, in input order.
    private(set) var frames: [LabelPage.Frame] = []
    /// Each distinct crop image, PNG and JPEG.
    private(set) var images: [(png: [UInt8], jpeg: [UInt8])] = []
    /// The frames' sources in order of first appearance.
    private(set) var sources: [String] = []
    /// Frame records without the crop, and the crops they have instead.
    private(set) var withoutCrop = 0
    private(set) var otherCrops: Set<String> = []
    private var imageIndex: [[UInt8]: Int] = [:]
    private var sourceIndex: [String: Int] = [:]

    init(region: String) {
        self.region = region
    }

    /// Adds a frame record: reads its crop and keeps it (throws when the crop's image cannot be
    /// read or the record has no time).
    mutating func add(_ record: Record) throws(ToolError) {
        guard let crop = record.crop(region) else {
            withoutCrop += 1
            otherCrops.formUnion(record["crops"]?.objectValue?.keys ?? [])
            return
        }
        guard let time = record.frameTime, case .number(let literal)? = record["t"] else {
            throw ToolError("a frame record without a time `t` of 0 or more seconds", at: crop.path, failure: .badInput)
        }
        let image: RGBImage
        do {
            image = try ImageFile.readRGB(path: crop.path)
        } catch {
            // A crop image that is missing or unreadable is bad input, whatever the file's state.
            throw ToolError(error.reason, at: crop.path, failure: .badInput)
        }
        let png = PNG.encode(image)
        let index: Int
        if let known = imageIndex[png] {
            index = known
        } else {
            index = images.count
            images.append((png, JPEG.encode(image, quality: Self.jpegQuality)))
            imageIndex[png] = index
        }
        var source: Int?
        if let name = record["source"]?.stringValue {
            if let known = sourceIndex[name] {
                source = known
            } else {
                source = sources.count
                sourceIndex[name] = sources.count
                sources.append(name)
            }
        }
        // The height of frames as cropped and scaled: what a template cut from this crop matches.
        var templateHeight: Int?
        if let size = record.frameSize {
            if let box = crop.box, box[3] > 0 {
                templateHeight = Int((Double(size.height) * Double(image.height) / Double(box[3])).rounded())
            } else {
                templateHeight = size.height
            }
        }
        frames.append(LabelPage.Frame(literalTime: literal.literal, time: time, image: index, source: source,
                                      templateHeight: templateHeight, file: crop.path, width: image.width, height: image.height))
    }

    /// The page: frames in time order (grouped by source, in order of first appearance), the
    /// crops exact while the page stays under `aim` bytes.
    func page(title: String, maxWidth: Int, aim: Int) -> LabelPage {
        let ordered = frames.enumerated().sorted { a, b in
            let (sa, sb) = (a.element.source ?? -1, b.element.source ?? -1)
            if sa != sb { return sa < sb }
            if a.element.time != b.element.time { return a.element.time < b.element.time }
            return a.offset < b.offset
        }.map(\.element)
        let exact = Self.exactImages(png: images.map(\.png.count), jpeg: images.map(\.jpeg.count),
                                     aim: aim - 40_000 - 300 * frames.count)
        let sources = zip(images, exact).map { image, exact in
            exact ? "data:image/png;base64," + Data(image.png).base64EncodedString()
                : "data:image/jpeg;base64," + Data(image.jpeg).base64EncodedString()
        }
        return LabelPage(title: title, region: region, maxWidth: maxWidth, frames: ordered, sources: self.sources,
                         images: sources, exact: exact, storageKey: Self.storageKey(ordered, sources: self.sources))
    }

    /// Which images go exact (PNG): all when they fit in `aim` bytes (as base64), else the
    /// others as JPEG and, evenly spaced, as many exact as fit (at least `leastExact`).
    static func exactImages(png: [Int], jpeg: [Int], aim: Int) -> [Bool] {
        let encoded = { (bytes: Int) in (bytes + 2) / 3 * 4 }
        guard png.map(encoded).reduce(0, +) > aim else { return png.map { _ in true } }
        var exact = png.map { _ in false }
        var total = jpeg.map(encoded).reduce(0, +)
        for (rank, index) in spreadOrder(png.count).enumerated() {
            let extra = encoded(png[index]) - encoded(jpeg[index])
            guard rank < leastExact || total + extra <= aim else { break }
            exact[index] = true
            total += extra
        }
        return exact
    }

    /// 0..<count in an order whose every prefix is spread evenly: 0, 1/2, 1/4, 3/4, 1/8, ... of it.
    static func spreadOrder(_ count: Int) -> [Int] {
        var order: [Int] = [], seen = Set<Int>()
        var denominator = 1
        while order.count < count {
            for numerator in stride(from: denominator == 1 ? 0 : 1, to: denominator, by: denominator == 1 ? 1 : 2) {
                let index = numerator * count / denominator
                if seen.insert(index).inserted { order.append(index) }
            }
            denominator *= 2
        }
        return order
    }

    /// Where the browser keeps the work on these frames: a hash of their sources, times and files.
    static func storageKey(_ frames: [LabelPage.Frame], sources: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for frame in frames {
            let line = "\(frame.source.map { sources[$0] } ?? "")\t\(frame.literalTime)\t\(frame.file)\n"
            for byte in line.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        return "reel-label:" + String(hash, radix: 16)
    }
}
