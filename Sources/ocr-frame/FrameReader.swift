import ReelCore
import ReelOCR
import ReelVision

/// A region's image as frame-sample wrote it: colour (PPM) or gray (PGM).
enum RegionImage {
    case color(RGBImage)
    case gray(GrayImage)

    var width: Int {
        switch self {
        case .color(let image): image.width
        case .gray(let image): image.width
        }
    }

    var height: Int {
        switch self {
        case .color(let image): image.height
        case .gray(let image): image.height
        }
    }
}

/// Reads the regions of one frame record (on a worker thread) and adds `ocr` to it.
struct FrameReader {
    let reader: RegionReader
    /// Regions from --rect; when empty, whole crops: those of `crops`, or every crop.
    let regions: [RegionSpec]
    let crops: [String]
    /// A folder for the images Tesseract saw, when wanted.
    let keep: String?

    /// The record with its `ocr` field, and the problems met (reported in order by the caller).
    func annotate(_ record: Record) -> (Record, [ToolError]) {
        guard record.type == "frame", let available = record["crops"]?.objectValue else {
            return (record, [])
        }
        var problems: [ToolError] = []
        var results = record["ocr"]?.objectValue ?? JSONObject()
        var images: [String: RegionImage] = [:]
        let wanted = regions.isEmpty
            ? (crops.isEmpty ? available.keys : crops).map { RegionSpec(label: $0, crop: $0) }
            : regions
        let place = record["t"]?.doubleValue.map { "frame at \($0) s" } ?? "frame"
        for region in wanted {
            guard let path = available[region.crop]?["path"]?.stringValue else {
                results[region.label] = ["error": .string("no crop named \(region.crop)")]
                problems.append(ToolError("no crop named \(region.crop)", at: place, status: .dataError))
                continue
            }
            let image: RegionImage
            if let cached = images[path] {
                image = cached
            } else {
                do {
                    image = ImageFile.isColour(path: path) ? .color(try ImageFile.readRGB(path: path)) : .gray(try ImageFile.readGray(path: path))
                    images[path] = image
                } catch {
                    results[region.label] = ["error": .string(error.reason)]
                    problems.append(ToolError(error.reason, at: path, status: .dataError))
                    continue
                }
            }
            if let keep {
                let stem = "\(keep)/\(Int(((record["t"]?.doubleValue ?? 0) * 1000).rounded()))-\(region.label)"
                reader.prepared = { try? AtomicFile.write(PNM.encode($0), to: stem + ".pgm") }
            }
            let box = region.pixels(width: image.width, height: image.height)
            let whole = region.box == [0, 0, 1, 1]
            let reading: RegionReading
            switch image {
            case .color(let picture):
                reading = reader.read(whole ? picture : picture.cropped(x: box.x, y: box.y, width: box.w, height: box.h))
            case .gray(let picture):
                reading = reader.read(whole ? picture : picture.cropped(x: box.x, y: box.y, width: box.w, height: box.h))
            }
            switch reading {
            case .text(let read):
                results[region.label] = ["text": .string(read.text), "conf": JSONValue(read.confidence)]
            case .skipped:
                results[region.label] = ["skipped": true]
            }
        }
        var annotated = record
        annotated["ocr"] = .object(results)
        return (annotated, problems)
    }
}
