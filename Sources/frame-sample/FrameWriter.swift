import ReelCore
import ReelMedia
import ReelVision

/// Turns a sampled frame into its crop images (written atomically) and its `frame` record.
final class FrameWriter {
    let crops: [CropSpec]
    let color: Bool
    let scaleHeight: Int?
    let folder: String
    private let converter = CropConverter()
    private var madeFolders = false

    init(crops: [CropSpec], color: Bool, scaleHeight: Int?, folder: String) {
        self.crops = crops
        self.color = color
        self.scaleHeight = scaleHeight
        self.folder = folder
    }

    /// Writes the images of `sample` and returns its record.
    func record(for sample: SampledFrame) throws -> Record {
        if !madeFolders {
            for crop in crops {
                try AtomicFile.makeFolders("\(folder)/\(crop.name)")
            }
            madeFolders = true
        }
        let frame = sample.frame
        let alignment = CropConverter.alignment(of: frame.format)
        var cropsObject = JSONObject()
        let milliseconds = Int64(saturating: sample.time * 1000)
        let stem = String(repeating: "0", count: max(0, 9 - String(milliseconds).count)) + String(milliseconds)
        for crop in crops {
            guard let box = crop.box(width: frame.width, height: frame.height, alignment: alignment) else {
                throw ToolError("crop \(crop.name) lies outside the \(frame.width)x\(frame.height) frame",
                                at: sample.source, status: .usage)
            }
            var outputWidth = box.width, outputHeight = box.height
            if let scaleHeight {
                outputHeight = scaleHeight
                outputWidth = max(1, Int(saturating: Double(box.width) * Double(scaleHeight) / Double(box.height)))
            }
            let path = "\(folder)/\(crop.name)/\(stem).\(color ? "ppm" : "pgm")"
            let bytes: [UInt8]
            do {
                bytes = color
                    ? PNM.encode(try converter.rgb(frame, box: box, outputWidth: outputWidth, outputHeight: outputHeight))
                    : PNM.encode(try converter.gray(frame, box: box, outputWidth: outputWidth, outputHeight: outputHeight))
            } catch {
                throw ToolError(error.reason, at: sample.source, status: error.status)
            }
            try AtomicFile.write(bytes, to: path)
            cropsObject[crop.name] = [
                "box": .array(box.array.map { JSONValue($0) }),
                "path": .string(path),
                "size": [JSONValue(outputWidth), JSONValue(outputHeight)],
            ]
        }
        var record = Record(type: "frame")
        record["t"] = JSONValue(Self.rounded(sample.time))
        record["pts"] = JSONValue(Self.rounded(sample.presentationTime))
        record["source"] = .string(sample.source)
        record["key"] = .bool(sample.isKey)
        record["w"] = JSONValue(frame.width)
        record["h"] = JSONValue(frame.height)
        record["crops"] = .object(cropsObject)
        if sample.isDamaged {
            record["damaged"] = true
        }
        return record
    }

    /// Seconds to the microsecond: exact enough, and short in JSON.
    static func rounded(_ seconds: Double) -> Double {
        (seconds * 1_000_000).rounded() / 1_000_000
    }
}
