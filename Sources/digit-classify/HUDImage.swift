import ReelCore
import ReelHUD
import ReelVision

/// A HUD crop as read from its file: colour (PPM) or gray (PGM).
enum HUDImage {
    case color(RGBImage)
    case gray(GrayImage)

    init(path: String) throws(ImageError) {
        if path.hasSuffix(".ppm") {
            self = .color(try PNM.readRGB(path: path))
        } else {
            self = .gray(try PNM.readGray(path: path))
        }
    }

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

    func cut(with cutter: DigitCutter, skull: SkullLocation) -> Result<[DigitCut], DigitCutFailure> {
        switch self {
        case .color(let image): cutter.cut(image, skull: skull)
        case .gray(let image): cutter.cut(image, skull: skull)
        }
    }
}

extension SkullLocation {
    /// The skull of a frame record (`skull: {x, y, w, h, score}`), nil when null or absent.
    init?(record: Record) {
        guard let skull = record["skull"]?.objectValue, let x = skull["x"]?.intValue, let y = skull["y"]?.intValue,
              let w = skull["w"]?.intValue, let h = skull["h"]?.intValue, w > 0, h > 0 else { return nil }
        self.init(x: x, y: y, width: w, height: h, score: skull["score"]?.doubleValue ?? 1)
    }
}
