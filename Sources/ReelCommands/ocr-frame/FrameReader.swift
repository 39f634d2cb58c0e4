import ReelCore
import ReelOCR
import ReelVision
import Synchronization

/// A region's image as frame-sample wrote it: colour (PPM, PNG) or gray (PGM).
enum RegionImage {
    case color(RGBImage)
    case gray(GrayImage)

    init(path: String) throws(ImageError) {
        self = ImageFile.isColour(path: path) ? .color(try ImageFile.readRGB(path: path)) : .gray(try ImageFile.readGray(path: path))
    }

    var size: (width: Int, height: Int) {
        switch self {
        case .color(let image): (image.width, image.height)
        case .gray(let image): (image.width, image.height)
        }
    }

    func cropped(_ box: (x: Int, y: Int, w: Int, h: Int)) -> RegionImage {
        switch self {
        case .color(let image): .color(image.cropped(x: box.x, y: box.y, width: box.w, height: box.h))
        case .gray(let image): .gray(image.cropped(x: box.x, y: box.y, width: box.w, height: box.h))
        }
    }
}

/// The views of regions made lately, by image and region, shared by the workers: a frame is
/// read once and is a neighbour of the frames on either side (often read on another worker),
/// so its views are made once for all three.
final class ViewCache: Sendable {
    private struct Entries {
        var views: [String: TextViews] = [:]
        var order: [String] = []
    }

    private let entries = Mutex(Entries())
    /// Enough for every region of the frames in flight on every worker and their neighbours.
    let capacity: Int

    init(capacity: Int = 96) {
        self.capacity = capacity
    }

    /// The views kept under `key`, else those `make` gives (kept; made outside the lock, so two
    /// workers may both make the same views once).
    func views(_ key: String, make: () -> TextViews?) -> TextViews? {
        if let known = entries.withLock({ $0.views[key] }) { return known }
        guard let made = make() else { return nil }
        return entries.withLock { entries in
            if let known = entries.views[key] { return known }
            entries.views[key] = made
            entries.order.append(key)
            if entries.order.count > capacity { entries.views[entries.order.removeFirst()] = nil }
            return made
        }
    }
}

/// Reads the regions of one frame record (on a worker thread) and adds `ocr` to it.
struct FrameReader {
    /// The reader of each region label ("" for the others).
    let readers: [String: RegionReader]
    /// The regions to read; when empty, every crop of the record.
    let regions: [RegionSpec]
    /// A folder for the images Tesseract saw, when wanted.
    let keep: String?
    /// How tall each region's capitals are, in fractions of the frame's height, where known.
    var textHeights: [String: ClosedRange<Double>] = [:]
    /// Views made lately (shared by the workers).
    let cache: ViewCache

    /// The record with its `ocr` field, and the problems met (reported in order by the caller).
    /// `neighbours` are the frames around it: their regions help where the scene hides text.
    func annotate(_ record: Record, neighbours: [Record] = []) -> (Record, [ToolError]) {
        guard record.type == "frame", let available = record["crops"]?.objectValue else {
            return (record, [])
        }
        var problems: [ToolError] = []
        var results = record["ocr"]?.objectValue ?? JSONObject()
        var images: [String: RegionImage] = [:]
        let wanted = regions.isEmpty ? available.keys.map { RegionSpec(label: $0, crop: $0) } : regions
        for region in wanted {
            guard let reader = readers[region.label] ?? readers[""] else { continue }
            guard let path = record.crop(region.crop)?.path else {
                results[region.label] = ["error": .string("no crop named \(region.crop)")]
                problems.append(ToolError("no crop named \(region.crop)", at: record.framePlace, failure: .badInput))
                continue
            }
            let image: RegionImage
            if let cached = images[path] {
                image = cached
            } else {
                do {
                    image = try RegionImage(path: path)
                    images[path] = image
                } catch {
                    results[region.label] = ["error": .string(error.reason)]
                    problems.append(ToolError(error.reason, at: path, failure: .badInput))
                    continue
                }
            }
            if let keep {
                let stem = "\(keep)/\(Int(((record.frameTime ?? 0) * 1000).rounded()))-\(region.label)"
                reader.prepared = { try? AtomicFile.write(PNM.encode($0), to: stem + ".pgm") }
            }
            let size = image.size
            let box = region.pixels(width: size.width, height: size.height)
            let whole = region.box == [0, 0, 1, 1]
            func views(of image: RegionImage) -> TextViews {
                let part = whole ? image : image.cropped(box)
                switch part {
                case .color(let picture): return reader.views(of: picture)
                case .gray(let picture): return reader.views(of: picture)
                }
            }
            let key = "\(region.label)|\(region.crop)|"
            guard let mine = cache.views(key + path, make: { views(of: image) }) else { continue }
            // The same region of the neighbouring frames, when they have it at the same size.
            let others = { () -> [TextViews] in
                neighbours.compactMap { neighbour in
                    guard let path = neighbour.crop(region.crop)?.path else { return nil }
                    return self.cache.views(key + path) {
                        guard let other = try? RegionImage(path: path), other.size == size else { return nil }
                        return views(of: other)
                    }
                }
            }
            // The region's text height in its own pixels: the frame's height as scaled into the crop.
            let pixels = textHeights[region.label].flatMap { range -> ClosedRange<Double>? in
                guard let frameHeight = record.frameSize?.height, let crop = record.crop(region.crop) else { return nil }
                let scale = Double(frameHeight) * crop.scale
                return (range.lowerBound * scale)...(range.upperBound * scale)
            }
            let reading = reader.read(mine, neighbours: others, textHeights: pixels)
            switch reading {
            case .text(let read):
                results[region.label] = ["text": .string(read.text), "conf": JSONValue(read.confidence)]
            case .unread(let confidence):
                results[region.label] = ["unread": true, "conf": JSONValue(confidence)]
            case .skipped:
                results[region.label] = ["skipped": true]
            }
        }
        var annotated = record
        annotated["ocr"] = .object(results)
        return (annotated, problems)
    }
}
