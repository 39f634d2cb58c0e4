import CZlib
import Foundation

/// PNG images (RFC 2083): written as 8-bit gray or RGB, read in every standard form.
///
/// Reading takes any colour type (gray, RGB, palette, with or without alpha), bit depths 1 to 16
/// and Adam7 interlacing, and gives 8-bit RGB plus the alpha channel when the image has one
/// (an icon template cut with a transparent background says which pixels are the icon). Sizes
/// are bounded before anything is allocated and the inflated data must be exactly as long as
/// the header says, so a hostile file costs at most its declared (bounded) size.
public enum PNG {
    /// The largest width or height accepted when reading.
    public static let maximumSide = 1 << 14
    /// The most pixels accepted when reading (16 M: a 4K frame is 8.3 M).
    public static let maximumPixels = 1 << 24

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Whether `bytes` start like a PNG file.
    public static func isPNG(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 8 && Array(bytes[0..<8]) == signature
    }

    /// A decoded PNG: its pixels in 8-bit RGB and, when it has one, its alpha channel.
    public struct Image: Sendable, Equatable {
        public var rgb: RGBImage
        /// Opacity per pixel (255 opaque), nil when the file has no alpha.
        public var alpha: GrayImage?
    }

    // MARK: Writing

    /// PNG bytes of a gray image.
    public static func encode(_ image: GrayImage, level: Int32 = 6) -> [UInt8] {
        encode(width: image.width, height: image.height, colorType: 0, channels: 1, samples: image.pixels, level: level)
    }

    /// PNG bytes of a colour image.
    public static func encode(_ image: RGBImage, level: Int32 = 6) -> [UInt8] {
        encode(width: image.width, height: image.height, colorType: 2, channels: 3, samples: image.pixels, level: level)
    }

    private static func encode(width: Int, height: Int, colorType: UInt8, channels: Int, samples: [UInt8],
                               level: Int32) -> [UInt8] {
        var out = signature
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, colorType, 0, 0, 0]
        appendChunk("IHDR", header, to: &out)
        // Each row with the filter that leaves the smallest sum of magnitudes (the usual heuristic).
        let stride = width * channels
        var filtered: [UInt8] = []
        filtered.reserveCapacity((stride + 1) * height)
        var candidate = [UInt8](repeating: 0, count: stride)
        var best = [UInt8](repeating: 0, count: stride)
        samples.withUnsafeBufferPointer { pixels in
            for y in 0..<height {
                let row = y * stride, above = row - stride
                var bestFilter: UInt8 = 0, bestCost = Int.max
                for filter: UInt8 in 0...4 {
                    var cost = 0
                    for x in 0..<stride {
                        let a = x >= channels ? Int(pixels[row + x - channels]) : 0
                        let b = y > 0 ? Int(pixels[above + x]) : 0
                        let c = (y > 0 && x >= channels) ? Int(pixels[above + x - channels]) : 0
                        let value = Int(pixels[row + x])
                        let predicted: Int
                        switch filter {
                        case 0: predicted = 0
                        case 1: predicted = a
                        case 2: predicted = b
                        case 3: predicted = (a + b) / 2
                        default: predicted = paeth(a, b, c)
                        }
                        let byte = UInt8(truncatingIfNeeded: value - predicted)
                        candidate[x] = byte
                        cost += Int(Int8(bitPattern: byte).magnitude)
                    }
                    if cost < bestCost {
                        bestCost = cost
                        bestFilter = filter
                        swap(&best, &candidate)
                    }
                }
                filtered.append(bestFilter)
                filtered.append(contentsOf: best)
            }
        }
        appendChunk("IDAT", deflate(filtered, level: level), to: &out)
        appendChunk("IEND", [], to: &out)
        return out
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        out.appendBigEndian(UInt32(data.count))
        let body = Array(type.utf8) + data
        out += body
        out.appendBigEndian(crc(body))
    }

    static func crc(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
    }

    private static func deflate(_ input: [UInt8], level: Int32) -> [UInt8] {
        var stream = z_stream()
        guard reel_deflate_init(&stream, level) == Z_OK else { return [] }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))))
        var produced = 0
        input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                _ = CZlib.deflate(&stream, Z_FINISH)
                produced = target.count - Int(stream.avail_out)
            }
        }
        return Array(output[0..<produced])
    }

    // MARK: Reading

    /// Decodes PNG bytes.
    public static func decode(_ bytes: [UInt8], source: String) throws(ImageError) -> Image {
        guard isPNG(bytes) else { throw ImageError("not a PNG image", at: source) }
        var header: Header?
        var palette: [UInt8] = []
        var transparency: [UInt8] = []
        var compressed: [UInt8] = []
        var index = 8
        var ended = false
        while !ended {
            guard bytes.count - index >= 12 else { throw ImageError("truncated PNG (no IEND chunk)", at: source) }
            let length = Int(bytes.bigEndianUInt32(at: index))
            let type = String(decoding: bytes[(index + 4)..<(index + 8)], as: UTF8.self)
            guard length <= bytes.count - index - 12 else { throw ImageError("truncated PNG chunk \(type)", at: source) }
            let body = Array(bytes[(index + 8)..<(index + 8 + length)])
            guard bytes.bigEndianUInt32(at: index + 8 + length) == crc(Array(bytes[(index + 4)..<(index + 8 + length)])) else {
                throw ImageError("PNG chunk \(type) fails its checksum", at: source)
            }
            index += 12 + length
            switch type {
            case "IHDR":
                header = try Header(body, source: source)
            case "PLTE":
                guard body.count % 3 == 0, body.count <= 768 else { throw ImageError("bad PNG palette", at: source) }
                palette = body
            case "tRNS":
                transparency = body
            case "IDAT":
                guard let header, compressed.count + body.count <= header.maximumCompressed else {
                    throw ImageError(header == nil ? "PNG data before its header" : "PNG data larger than its image", at: source)
                }
                compressed += body
            case "IEND":
                ended = true
            default:
                // Ancillary chunks (lower-case first letter) are skipped; unknown critical ones refused.
                guard let first = type.utf8.first, first & 0x20 != 0 else {
                    throw ImageError("unknown critical PNG chunk \(type)", at: source)
                }
            }
        }
        guard let header else { throw ImageError("PNG without a header", at: source) }
        if header.colorType == 3, palette.isEmpty { throw ImageError("palette PNG without a palette", at: source) }
        let raw = try inflate(compressed, expected: header.rawSize, source: source)
        let samples = try header.unfilter(raw, source: source)
        return header.image(samples, palette: palette, transparency: transparency)
    }

    /// Reads a PNG file.
    public static func read(path: String) throws(ImageError) -> Image {
        try decode(try ImageFile.bytes(path: path), source: path)
    }

    private static func inflate(_ input: [UInt8], expected: Int, source: String) throws(ImageError) -> [UInt8] {
        var stream = z_stream()
        guard reel_inflate_init(&stream) == Z_OK else { throw ImageError("zlib cannot start", at: source, failure: .failed) }
        defer { inflateEnd(&stream) }
        // One byte more than expected, to tell "too long" from "exactly right".
        var output = [UInt8](repeating: 0, count: expected + 1)
        var status: Int32 = Z_OK
        var produced = 0
        input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                status = CZlib.inflate(&stream, Z_FINISH)
                produced = target.count - Int(stream.avail_out)
            }
        }
        guard status == Z_STREAM_END || status == Z_BUF_ERROR || status == Z_OK else {
            throw ImageError("PNG data does not inflate (zlib \(status))", at: source)
        }
        guard produced == expected else {
            throw ImageError("PNG data holds \(produced) bytes where its size needs \(expected)", at: source)
        }
        output.removeLast()
        return output
    }

    static func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let p = a + b - c
        let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
    }
}

extension PNG {
    /// IHDR: size and sample layout.
    struct Header {
        var width: Int
        var height: Int
        var depth: Int
        var colorType: UInt8
        var interlaced: Bool

        init(_ body: [UInt8], source: String) throws(ImageError) {
            guard body.count == 13 else { throw ImageError("bad PNG header", at: source) }
            width = Int(body.bigEndianUInt32(at: 0))
            height = Int(body.bigEndianUInt32(at: 4))
            depth = Int(body[8])
            colorType = body[9]
            guard (1...PNG.maximumSide).contains(width), (1...PNG.maximumSide).contains(height),
                  width * height <= PNG.maximumPixels else {
                throw ImageError("PNG size \(width)x\(height) out of range", at: source)
            }
            let allowed: [UInt8: [Int]] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
            guard allowed[colorType]?.contains(depth) == true else {
                throw ImageError("PNG colour type \(colorType) with depth \(depth) is not a valid combination", at: source)
            }
            guard body[10] == 0, body[11] == 0, body[12] <= 1 else {
                throw ImageError("unknown PNG compression, filter or interlace method", at: source)
            }
            interlaced = body[12] == 1
        }

        var channels: Int {
            switch colorType {
            case 0, 3: 1
            case 4: 2
            case 2: 3
            default: 4
            }
        }

        var bitsPerPixel: Int { channels * depth }

        /// Bytes of one filtered row of a (sub)image `w` pixels wide, its filter byte included.
        func rowBytes(_ w: Int) -> Int { (w * bitsPerPixel + 7) / 8 + 1 }

        /// The Adam7 passes (or the whole image): origin, step and size of each.
        var passes: [(x0: Int, y0: Int, dx: Int, dy: Int, w: Int, h: Int)] {
            guard interlaced else { return [(0, 0, 1, 1, width, height)] }
            let adam7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            return adam7.map { x0, y0, dx, dy in
                (x0, y0, dx, dy, max(0, (width - x0 + dx - 1) / dx), max(0, (height - y0 + dy - 1) / dy))
            }
        }

        /// The inflated size the header implies.
        var rawSize: Int {
            passes.reduce(0) { $0 + ($1.w > 0 && $1.h > 0 ? rowBytes($1.w) * $1.h : 0) }
        }

        /// Compressed data beyond this cannot be honest (deflate's worst case plus slack).
        var maximumCompressed: Int { rawSize + rawSize / 100 + 1024 }

        /// Undoes the row filters and spreads the passes: 8-bit samples of the whole image
        /// (`width * height * channels` values; palette indices as they are, others scaled).
        func unfilter(_ raw: [UInt8], source: String) throws(ImageError) -> [UInt8] {
            var samples = [UInt8](repeating: 0, count: width * height * channels)
            var offset = 0
            let bytesPerPixel = max(1, bitsPerPixel / 8)
            for pass in passes where pass.w > 0 && pass.h > 0 {
                let stride = rowBytes(pass.w) - 1
                var previous = [UInt8](repeating: 0, count: stride)
                var current = [UInt8](repeating: 0, count: stride)
                for row in 0..<pass.h {
                    let filter = raw[offset]
                    for x in 0..<stride {
                        let value = raw[offset + 1 + x]
                        let a = x >= bytesPerPixel ? Int(current[x - bytesPerPixel]) : 0
                        let b = Int(previous[x])
                        let c = x >= bytesPerPixel ? Int(previous[x - bytesPerPixel]) : 0
                        let predicted: Int
                        switch filter {
                        case 0: predicted = 0
                        case 1: predicted = a
                        case 2: predicted = b
                        case 3: predicted = (a + b) / 2
                        case 4: predicted = PNG.paeth(a, b, c)
                        default: throw ImageError("PNG row filter \(filter) is unknown", at: source)
                        }
                        current[x] = value &+ UInt8(truncatingIfNeeded: predicted)
                    }
                    offset += stride + 1
                    let y = pass.y0 + row * pass.dy
                    for column in 0..<pass.w {
                        let x = pass.x0 + column * pass.dx
                        for channel in 0..<channels {
                            samples[(y * width + x) * channels + channel] = sample(current, pixel: column, channel: channel)
                        }
                    }
                    swap(&previous, &current)
                }
            }
            return samples
        }

        private func sample(_ row: [UInt8], pixel: Int, channel: Int) -> UInt8 {
            let index = pixel * channels + channel
            switch depth {
            case 16: return row[2 * index]  // the high byte: 8 bits are all reel reads
            case 8: return row[index]
            default:
                let bit = index * depth
                let shift = 8 - depth - bit % 8
                let value = (row[bit / 8] >> UInt8(shift)) & UInt8((1 << depth) - 1)
                return colorType == 3 ? value : UInt8(Int(value) * 255 / ((1 << depth) - 1))
            }
        }

        /// A 16-bit colour-key value of tRNS at the image's depth, as an 8-bit sample.
        private func keySample(_ high: UInt8, _ low: UInt8) -> UInt8 {
            switch depth {
            case 16: return high
            case 8: return low
            default: return UInt8(min(255, Int(low) * 255 / ((1 << depth) - 1)))
            }
        }

        /// 8-bit RGB and alpha from the samples.
        func image(_ samples: [UInt8], palette: [UInt8], transparency: [UInt8]) -> PNG.Image {
            let count = width * height
            var rgb = [UInt8](repeating: 0, count: count * 3)
            var alpha: [UInt8]? = (colorType == 4 || colorType == 6 || !transparency.isEmpty)
                ? [UInt8](repeating: 255, count: count) : nil
            let key: [UInt8]? = {
                switch colorType {
                case 0 where transparency.count >= 2: return [keySample(transparency[0], transparency[1])]
                case 2 where transparency.count >= 6:
                    return (0..<3).map { keySample(transparency[2 * $0], transparency[2 * $0 + 1]) }
                default: return nil
                }
            }()
            for pixel in 0..<count {
                let base = pixel * channels
                switch colorType {
                case 3:
                    let entry = Int(samples[base])
                    if 3 * entry + 2 < palette.count {
                        rgb[3 * pixel] = palette[3 * entry]
                        rgb[3 * pixel + 1] = palette[3 * entry + 1]
                        rgb[3 * pixel + 2] = palette[3 * entry + 2]
                    }
                    if entry < transparency.count { alpha?[pixel] = transparency[entry] }
                case 0, 4:
                    let value = samples[base]
                    rgb[3 * pixel] = value
                    rgb[3 * pixel + 1] = value
                    rgb[3 * pixel + 2] = value
                    if colorType == 4 { alpha?[pixel] = samples[base + 1] }
                    if let key, samples[base] == key[0] { alpha?[pixel] = 0 }
                default:
                    for channel in 0..<3 { rgb[3 * pixel + channel] = samples[base + channel] }
                    if colorType == 6 { alpha?[pixel] = samples[base + 3] }
                    if let key, Array(samples[base..<(base + 3)]) == key { alpha?[pixel] = 0 }
                }
            }
            return PNG.Image(rgb: RGBImage(width: width, height: height, pixels: rgb),
                             alpha: alpha.map { GrayImage(width: width, height: height, pixels: $0) })
        }
    }
}

extension [UInt8] {
    mutating func appendBigEndian(_ value: UInt32) {
        append(UInt8(value >> 24))
        append(UInt8((value >> 16) & 0xFF))
        append(UInt8((value >> 8) & 0xFF))
        append(UInt8(value & 0xFF))
    }

    func bigEndianUInt32(at index: Int) -> UInt32 {
        UInt32(self[index]) << 24 | UInt32(self[index + 1]) << 16 | UInt32(self[index + 2]) << 8 | UInt32(self[index + 3])
    }
}
