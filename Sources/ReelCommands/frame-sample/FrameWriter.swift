import ArgumentParser
import ReelCore
import ReelMedia
import ReelVision

/// The image files frame-sample writes.
enum ImageFormat: String, ExpressibleByArgument, CaseIterable {
    case pgm, ppm, png
}

/// Turns a sampled frame into its crop images (written atomically) and its `frame` record.
final class FrameWriter {
    /// How crops are scaled.
    enum Scaling {
        case none
        /// Every crop this many pixels tall.
        case height(Int)
        /// Crops scaled as if the frame were at most this tall.
        case frameHeight(Int)
    }

    let crops: [CropSpec]
    let color: Bool
    let format: ImageFormat
    let scaling: Scaling
    let folder: String
    private let converter = CropConverter()
    private var madeFolders = false

    init(crops: [CropSpec], color: Bool, format: ImageFormat, scaling: Scaling, folder: String) {
        self.crops = crops
        self.color = color
        self.format = format
        self.scaling = scaling
        self.folder = folder
    }

    /// The size a crop of `box` is written at in a frame `frameHeight` pixels tall.
    func outputSize(of box: PixelBox, frameHeight: Int) -> (width: Int, height: Int) {
        let factor: Double
        switch scaling {
        case .none: return (box.width, box.height)
        case .height(let height): factor = Double(height) / Double(box.height)
        case .frameHeight(let height): factor = min(1, Double(height) / Double(max(1, frameHeight)))
        }
        return (max(1, Int(saturating: Double(box.width) * factor, rounding: .toNearestOrAwayFromZero)),
                max(1, Int(saturating: Double(box.height) * factor, rounding: .toNearestOrAwayFromZero)))
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
        let alignment = frame.cropAlignment
        var cropsObject = JSONObject()
        let milliseconds = Int64(saturating: sample.time * 1000)
        let stem = String(repeating: "0", count: max(0, 9 - String(milliseconds).count)) + String(milliseconds)
        for crop in crops {
            guard let box = crop.box(width: frame.width, height: frame.height, alignment: alignment) else {
                throw ToolError("crop \(crop.name) lies outside the \(frame.width)x\(frame.height) frame",
                                at: sample.source, failure: .badUsage)
            }
            let (outputWidth, outputHeight) = outputSize(of: box, frameHeight: frame.height)
            let path = "\(folder)/\(crop.name)/\(stem).\(format.rawValue)"
            let bytes: [UInt8]
            do {
                if color {
                    let image = try converter.rgb(frame, box: box, outputWidth: outputWidth, outputHeight: outputHeight)
                    bytes = format == .png ? PNG.encode(image, level: 1) : PNM.encode(image)
                } else {
                    let image = try converter.gray(frame, box: box, outputWidth: outputWidth, outputHeight: outputHeight)
                    bytes = format == .png ? PNG.encode(image, level: 1) : PNM.encode(image)
                }
            } catch {
                throw ToolError(error.reason, at: sample.source, failure: error.failure)
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
