import ReelCore
import ReelVision

/// What skull-find looks for and where.
public struct IconSettings: Sendable {
    /// The crop holding the icon.
    public var region: String
    /// The icon.
    public var template: IconTemplate
    /// How tall the icon is, in frame heights, when the template does not say (the built-in
    /// skull: as tall as the HUD's capitals, 0.030 to 0.040 of the frame, with a margin).
    public var heightRange: ClosedRange<Double>?
    /// The least match score that counts.
    public var minimumScore: Double

    /// The spec's skull: the built-in glyph, its height within the HUD's text sizes.
    public static func skull(region: String = "hud", minimumScore: Double = 0.6) -> IconSettings {
        IconSettings(region: region, template: .skull, heightRange: 0.026...0.044, minimumScore: minimumScore)
    }

    public init(region: String, template: IconTemplate, heightRange: ClosedRange<Double>? = nil, minimumScore: Double) {
        self.region = region
        self.template = template
        self.heightRange = heightRange
        self.minimumScore = minimumScore
    }

    /// The icon heights to try in a crop whose frame, as scaled into the crop, is
    /// `frameHeight` pixels tall.
    func heights(frameHeight: Double) -> [Int] {
        if let heightRange {
            return IconFinder.heights(from: heightRange.lowerBound * frameHeight, to: heightRange.upperBound * frameHeight)
        }
        let cutAt = template.frameHeight.map(Double.init) ?? frameHeight
        return IconFinder.heights(around: Double(template.ink.height) * frameHeight / cutAt)
    }
}

/// Adds `skull` (where the icon is) to frame records: one reader per thread.
public final class IconReader {
    public let settings: IconSettings
    private let finder: IconFinder
    /// Whether this reader said already that the icon cannot fit the region.
    private var reportedSize = false

    public init(settings: IconSettings) {
        self.settings = settings
        finder = IconFinder(template: settings.template, minimumScore: settings.minimumScore)
    }

    /// The record with `skull: {x, y, w, h, score}` in crop pixels (or null), and the problem
    /// met, if any. `neighbours` are the frames around it (their crops help on hard scenes).
    public func annotate(_ record: Record, neighbours: [Record]) -> (Record, ToolError?) {
        guard record.type == "frame" else { return (record, nil) }
        var frame = FrameRecord(unchecked: record)
        frame.setIcon(nil)
        var annotated = frame.record
        guard let crop = record.crop(settings.region) else {
            return (annotated, ToolError("no crop named \(settings.region)", at: record.framePlace, failure: .badInput))
        }
        let image: RGBImage
        do {
            image = try ImageFile.readRGB(path: crop.path)
        } catch {
            return (annotated, ToolError(error.reason, at: error.location, failure: .badInput))
        }
        let frameHeight = Double(record.frameSize?.height ?? image.height * 10) * crop.scale
        // Neighbours of another size (a changed crop) or unreadable are left out.
        let others = neighbours.compactMap { $0.crop(settings.region)?.path }
            .compactMap { try? ImageFile.readRGB(path: $0) }
            .filter { $0.width == image.width && $0.height == image.height }
        let heights = settings.heights(frameHeight: frameHeight)
        // An icon that cannot fit the region at this frame's size is a mistake in the settings
        // (a template cut from a larger frame, a crop too small), said once per reader.
        if let smallest = heights.first, settings.heightRange == nil {
            let template = settings.template
            let width = Int(saturating: Double(template.width) * Double(smallest) / Double(max(1, template.ink.height)))
            let height = Int(saturating: Double(template.height) * Double(smallest) / Double(max(1, template.ink.height)))
            if width > image.width || height > image.height {
                guard !reportedSize else { return (annotated, nil) }
                reportedSize = true
                let cut = template.frameHeight.map { " (cut from frames \($0) pixels tall)" } ?? ""
                return (annotated, ToolError("the icon\(cut) is \(width)x\(height) pixels at this frame's size, larger than "
                                             + "the \(image.width)x\(image.height) crop \(settings.region): cut it again from "
                                             + "a frame of this stream, give its template_height, or widen the crop",
                                             at: record.framePlace, failure: .badInput))
            }
        }
        if let found = finder.find(in: image, heights: heights, neighbours: others) {
            frame.setIcon(FrameRecord.Icon(x: found.x, y: found.y, width: found.width, height: found.height,
                                           score: (found.score * 1000).rounded() / 1000))
            annotated = frame.record
        }
        return (annotated, nil)
    }
}

extension SkullLocation {
    /// The icon of a frame record (`skull: {x, y, w, h, score}`), nil when null, absent or
    /// out of any image's range.
    public init?(record: Record) {
        guard case .found(let icon) = FrameRecord(unchecked: record).icon else { return nil }
        self = icon
    }
}
