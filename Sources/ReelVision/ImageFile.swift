import Foundation

/// Image files of any kind reel reads (PGM, PPM, PNG), told apart by their first bytes.
public enum ImageFile {
    /// The largest image file read (a 16K square RGB PPM is 805 MB; nothing reel reads is near).
    public static let maximumBytes = 256 << 20

    /// The bytes of a regular file, bounded.
    public static func bytes(path: String) throws(ImageError) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw ImageError(errno == ENOENT ? "no such file" : "cannot read: \(String(cString: strerror(errno)))",
                             at: path, failure: .missingInput)
        }
        guard status.st_mode & S_IFMT == S_IFREG else { throw ImageError("not a regular file", at: path) }
        guard status.st_size <= maximumBytes else {
            throw ImageError("larger than \(maximumBytes >> 20) MiB: not an image reel reads", at: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImageError("cannot read", at: path, failure: .missingInput)
        }
        return [UInt8](data)
    }

    /// A colour image from PNG, PPM or PGM bytes (gray expanded), with the PNG's alpha if any.
    public static func decodeRGB(_ bytes: [UInt8], source: String) throws(ImageError) -> (image: RGBImage, alpha: GrayImage?) {
        if PNG.isPNG(bytes) {
            let decoded = try PNG.decode(bytes, source: source)
            return (decoded.rgb, decoded.alpha)
        }
        let pnm = try PNM.decode(bytes, source: source)
        if pnm.magic == "P5" {
            var rgb = [UInt8](repeating: 0, count: pnm.samples.count * 3)
            for (index, value) in pnm.samples.enumerated() {
                rgb[3 * index] = value
                rgb[3 * index + 1] = value
                rgb[3 * index + 2] = value
            }
            return (RGBImage(width: pnm.width, height: pnm.height, pixels: rgb), nil)
        }
        return (RGBImage(width: pnm.width, height: pnm.height, pixels: pnm.samples), nil)
    }

    /// A colour image file (PNG, PPM or PGM).
    public static func readRGB(path: String) throws(ImageError) -> RGBImage {
        try decodeRGB(try bytes(path: path), source: path).image
    }

    /// A colour image file with its alpha channel (only PNGs have one).
    public static func readRGBA(path: String) throws(ImageError) -> (image: RGBImage, alpha: GrayImage?) {
        try decodeRGB(try bytes(path: path), source: path)
    }

    /// A gray image file (PNG or PPM converted to luma, PGM as it is).
    public static func readGray(path: String) throws(ImageError) -> GrayImage {
        let bytes = try bytes(path: path)
        if !PNG.isPNG(bytes) {
            let pnm = try PNM.decode(bytes, source: path)
            if pnm.magic == "P5" { return GrayImage(width: pnm.width, height: pnm.height, pixels: pnm.samples) }
            return RGBImage(width: pnm.width, height: pnm.height, pixels: pnm.samples).gray
        }
        return try PNG.decode(bytes, source: path).rgb.gray
    }

    /// Whether a file holds colour (PPM, or a PNG): readers that use colour read it as RGB.
    public static func isColour(path: String) -> Bool {
        path.hasSuffix(".ppm") || path.hasSuffix(".png")
    }
}
