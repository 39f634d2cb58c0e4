import Foundation
import ReelCore

/// Binary PGM (P5) and PPM (P6) images with 8-bit samples, as frame-sample writes them.
public enum PNM {
    /// The largest width or height accepted when reading, against hostile headers.
    public static let maximumSide = 1 << 15

    /// PGM bytes of an image.
    public static func encode(_ image: GrayImage) -> [UInt8] {
        Array("P5\n\(image.width) \(image.height)\n255\n".utf8) + image.pixels
    }

    /// PPM bytes of an image.
    public static func encode(_ image: RGBImage) -> [UInt8] {
        Array("P6\n\(image.width) \(image.height)\n255\n".utf8) + image.pixels
    }

    /// Reads a PGM; a PPM is converted to gray.
    public static func readGray(path: String) throws(ImageError) -> GrayImage {
        let (magic, width, height, body) = try read(path: path)
        if magic == "P6" {
            return RGBImage(width: width, height: height, pixels: body).gray
        }
        return GrayImage(width: width, height: height, pixels: body)
    }

    /// Reads a PPM; a PGM is expanded to RGB.
    public static func readRGB(path: String) throws(ImageError) -> RGBImage {
        let (magic, width, height, body) = try read(path: path)
        if magic == "P5" {
            return RGBImage(width: width, height: height, pixels: body.flatMap { [$0, $0, $0] })
        }
        return RGBImage(width: width, height: height, pixels: body)
    }

    /// Parses PGM or PPM bytes: magic, size and the samples.
    public static func decode(_ bytes: [UInt8], source: String) throws(ImageError)
        -> (magic: String, width: Int, height: Int, samples: [UInt8])
    {
        var index = 0
        func token() -> String? {
            // Skip whitespace and comments, then read up to the next whitespace.
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "#") {
                    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                } else if [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
                    index += 1
                } else {
                    break
                }
            }
            let start = index
            while index < bytes.count, index - start < 16, ![0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
                index += 1
            }
            return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }
        guard let magic = token(), magic == "P5" || magic == "P6" else {
            throw ImageError("not a binary PGM or PPM image", at: source)
        }
        guard let width = token().flatMap({ Int($0) }), let height = token().flatMap({ Int($0) }),
              let maximum = token().flatMap({ Int($0) }) else {
            throw ImageError("bad \(magic) header", at: source)
        }
        guard (1...maximumSide).contains(width), (1...maximumSide).contains(height) else {
            throw ImageError("image size \(width)x\(height) out of range", at: source)
        }
        guard maximum == 255 else {
            throw ImageError("only 8-bit images are read (maxval \(maximum))", at: source)
        }
        index += 1  // the single whitespace after maxval
        let count = width * height * (magic == "P6" ? 3 : 1)
        guard bytes.count - index >= count else {
            throw ImageError("truncated image: \(bytes.count - index) of \(count) bytes", at: source)
        }
        return (magic, width, height, Array(bytes[index..<(index + count)]))
    }

    /// The most bytes of an image file read (its header's size is checked against what is
    /// there, never allocated on its word).
    public static let maximumFileSize = 256 << 20

    private static func read(path: String) throws(ImageError) -> (String, Int, Int, [UInt8]) {
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path, limit: maximumFileSize)
        } catch {
            let missing = !FileManager.default.fileExists(atPath: path)
            throw ImageError(missing ? "no such file" : error.status == .dataError ? error.reason : "cannot read", at: path,
                             status: missing || error.status != .dataError ? .noInput : .dataError)
        }
        return try decode(bytes, source: path)
    }
}
