import Foundation

/// Baseline JPEG (ITU T.81) writing: lossy colour images many times smaller than PNG for
/// busy pictures, for pages that show many frames (browsers decode them natively).
///
/// Sequential DCT, 8-bit, YCbCr (JFIF), the standard quantisation tables scaled by a quality
/// as libjpeg scales them, and the standard Huffman tables of Annex K.
public enum JPEG {
    /// How the colour planes are sampled.
    public enum Chroma: Sendable {
        /// Every pixel (4:4:4): sharp coloured edges, larger files.
        case full
        /// One sample per 2x2 pixels (4:2:0), as cameras and video do.
        case half
    }

    /// JPEG bytes of a colour image; `quality` 1 to 100 (libjpeg's scale; 90 shows no visible loss).
    public static func encode(_ image: RGBImage, quality: Int = 90, chroma: Chroma = .half) -> [UInt8] {
        precondition(image.width > 0 && image.height > 0 && image.width < 65536 && image.height < 65536, "a JPEG is 1 to 65535 pixels a side")
        let luma = quantisation(base: baseLuminance, quality: quality)
        let colour = quantisation(base: baseChrominance, quality: quality)
        let factor = chroma == .half ? 2 : 1
        var out: [UInt8] = [0xFF, 0xD8]
        // APP0: JFIF 1.01, no density, no thumbnail.
        segment(0xE0, Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0], to: &out)
        segment(0xDB, [0] + zigzag.map { UInt8(luma[$0]) } + [1] + zigzag.map { UInt8(colour[$0]) }, to: &out)
        segment(0xC0, [8, UInt8(image.height >> 8), UInt8(image.height & 0xFF), UInt8(image.width >> 8), UInt8(image.width & 0xFF), 3,
                       1, UInt8(factor << 4 | factor), 0, 2, 0x11, 1, 3, 0x11, 1], to: &out)
        var tables: [UInt8] = []
        for (index, table) in [(0x00, dcLuminance), (0x10, acLuminance), (0x01, dcChrominance), (0x11, acChrominance)] {
            tables += [UInt8(index)] + table.counts + table.symbols
        }
        segment(0xC4, tables, to: &out)
        segment(0xDA, [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0], to: &out)

        let planes = colourPlanes(image)
        let mcu = 8 * factor
        let columns = (image.width + mcu - 1) / mcu, rows = (image.height + mcu - 1) / mcu
        let codes = (dcLuminance.codes, acLuminance.codes, dcChrominance.codes, acChrominance.codes)
        var writer = BitWriter()
        var predictors = [0, 0, 0]
        var block = [Double](repeating: 0, count: 64)
        var scratch = BlockScratch()
        for row in 0..<rows {
            for column in 0..<columns {
                let x0 = column * mcu, y0 = row * mcu
                for by in 0..<factor {
                    for bx in 0..<factor {
                        planes.y.block(x: x0 + 8 * bx, y: y0 + 8 * by, scale: 1, into: &block)
                        encodeBlock(&block, table: luma, dc: codes.0, ac: codes.1, predictor: &predictors[0], writer: &writer,
                                    scratch: &scratch)
                    }
                }
                planes.cb.block(x: x0, y: y0, scale: factor, into: &block)
                encodeBlock(&block, table: colour, dc: codes.2, ac: codes.3, predictor: &predictors[1], writer: &writer,
                            scratch: &scratch)
                planes.cr.block(x: x0, y: y0, scale: factor, into: &block)
                encodeBlock(&block, table: colour, dc: codes.2, ac: codes.3, predictor: &predictors[2], writer: &writer,
                            scratch: &scratch)
            }
        }
        writer.flush()
        out += writer.bytes
        out += [0xFF, 0xD9]
        return out
    }

    // MARK: Planes and blocks

    /// One colour plane, level-shifted (-128...127), read in 8x8 blocks with edges repeated.
    struct Plane {
        let width: Int
        let height: Int
        var values: [Double]

        /// The 8x8 block at (x, y) in image pixels, each sample the mean of `scale` x `scale` pixels.
        func block(x: Int, y: Int, scale: Int, into block: inout [Double]) {
            for row in 0..<8 {
                for column in 0..<8 {
                    var sum = 0.0
                    for dy in 0..<scale {
                        let sy = min(height - 1, y + row * scale + dy)
                        for dx in 0..<scale {
                            sum += values[sy * width + min(width - 1, x + column * scale + dx)]
                        }
                    }
                    block[row * 8 + column] = sum / Double(scale * scale)
                }
            }
        }
    }

    /// Y, Cb and Cr of an image (JFIF's conversion), level-shifted.
    static func colourPlanes(_ image: RGBImage) -> (y: Plane, cb: Plane, cr: Plane) {
        let count = image.width * image.height
        var y = [Double](repeating: 0, count: count), cb = y, cr = y
        for index in 0..<count {
            let r = Double(image.pixels[3 * index]), g = Double(image.pixels[3 * index + 1]), b = Double(image.pixels[3 * index + 2])
            y[index] = 0.299 * r + 0.587 * g + 0.114 * b - 128
            cb[index] = -0.168736 * r - 0.331264 * g + 0.5 * b
            cr[index] = 0.5 * r - 0.418688 * g - 0.081312 * b
        }
        return (Plane(width: image.width, height: image.height, values: y), Plane(width: image.width, height: image.height, values: cb),
                Plane(width: image.width, height: image.height, values: cr))
    }

    /// cos((2x + 1) u pi / 16) scaled by C(u) / 2, for the separable DCT.
    static let cosines: [Double] = (0..<64).map { index in
        let u = index / 8, x = index % 8
        return (u == 0 ? 1 / 2.0.squareRoot() : 1) / 2 * cos(Double(2 * x + 1) * Double(u) * Double.pi / 16)
    }

    /// Buffers reused from block to block.
    struct BlockScratch {
        var rows = [Double](repeating: 0, count: 64)
        var coefficients = [Int](repeating: 0, count: 64)
    }

    /// Transforms, quantises and writes one block; DC as the difference from the last block's.
    static func encodeBlock(_ block: inout [Double], table: [Int], dc: [(code: Int, length: Int)], ac: [(code: Int, length: Int)],
                            predictor: inout Int, writer: inout BitWriter, scratch: inout BlockScratch) {
        for y in 0..<8 {
            for u in 0..<8 {
                var sum = 0.0
                for x in 0..<8 { sum += cosines[u * 8 + x] * block[y * 8 + x] }
                scratch.rows[y * 8 + u] = sum
            }
        }
        for u in 0..<8 {
            for v in 0..<8 {
                var sum = 0.0
                for y in 0..<8 { sum += cosines[v * 8 + y] * scratch.rows[y * 8 + u] }
                let natural = v * 8 + u
                // Within what the standard tables code (11 bits for DC differences, 10 for AC).
                scratch.coefficients[natural] = max(-1023, min(1023, Int((sum / Double(table[natural])).rounded())))
            }
        }
        let difference = scratch.coefficients[0] - predictor
        predictor = scratch.coefficients[0]
        let dcSize = magnitudeSize(difference)
        writer.write(dc[dcSize])
        writer.writeMagnitude(difference, size: dcSize)
        var zeros = 0
        for position in 1..<64 {
            let value = scratch.coefficients[zigzag[position]]
            if value == 0 {
                zeros += 1
                continue
            }
            while zeros >= 16 {
                writer.write(ac[0xF0])
                zeros -= 16
            }
            let size = magnitudeSize(value)
            writer.write(ac[zeros << 4 | size])
            writer.writeMagnitude(value, size: size)
            zeros = 0
        }
        if zeros > 0 { writer.write(ac[0x00]) }
    }

    /// The number of bits of |value| (JPEG's "category").
    static func magnitudeSize(_ value: Int) -> Int {
        var magnitude = abs(value), size = 0
        while magnitude > 0 {
            size += 1
            magnitude >>= 1
        }
        return size
    }

    /// Entropy-coded bits, with a zero byte stuffed after each 0xFF.
    struct BitWriter {
        var bytes: [UInt8] = []
        private var buffer = 0
        private var count = 0

        mutating func write(_ code: (code: Int, length: Int)) {
            write(bits: code.code, length: code.length)
        }

        /// A value's extra bits: the value itself when positive, its ones' complement when negative.
        mutating func writeMagnitude(_ value: Int, size: Int) {
            guard size > 0 else { return }
            write(bits: value < 0 ? value + (1 << size) - 1 : value, length: size)
        }

        mutating func write(bits: Int, length: Int) {
            buffer = buffer << length | (bits & ((1 << length) - 1))
            count += length
            while count >= 8 {
                let byte = UInt8((buffer >> (count - 8)) & 0xFF)
                bytes.append(byte)
                if byte == 0xFF { bytes.append(0) }
                count -= 8
            }
            buffer &= (1 << count) - 1
        }

        /// Pads the last byte with ones.
        mutating func flush() {
            if count > 0 { write(bits: 0x7F, length: 8 - count) }
        }
    }

    static func segment(_ marker: UInt8, _ body: [UInt8], to out: inout [UInt8]) {
        out += [0xFF, marker, UInt8((body.count + 2) >> 8), UInt8((body.count + 2) & 0xFF)]
        out += body
    }

    // MARK: Tables

    /// The natural (row-major) index of each coefficient in zigzag order.
    static let zigzag = [0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
                         35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63]

    static let baseLuminance = [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
                                14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
                                49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]
    static let baseChrominance = [17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
                                  47, 66, 99, 99, 99, 99, 99, 99] + [Int](repeating: 99, count: 32)

    /// A base table scaled by quality as libjpeg does (in natural order, 1 to 255).
    static func quantisation(base: [Int], quality: Int) -> [Int] {
        let q = max(1, min(100, quality))
        let scale = q < 50 ? 5000 / q : 200 - 2 * q
        return base.map { max(1, min(255, ($0 * scale + 50) / 100)) }
    }

    /// A Huffman table: codes per length (1 to 16 bits) and the symbols in code order.
    struct HuffmanTable {
        let counts: [UInt8]
        let symbols: [UInt8]

        /// Each symbol's code and length (canonical codes; length 0 for symbols not in the table).
        var codes: [(code: Int, length: Int)] {
            var table = [(code: Int, length: Int)](repeating: (0, 0), count: 256)
            var code = 0, index = 0
            for (offset, count) in counts.enumerated() {
                for _ in 0..<Int(count) {
                    table[Int(symbols[index])] = (code, offset + 1)
                    code += 1
                    index += 1
                }
                code <<= 1
            }
            return table
        }
    }

    static let dcLuminance = HuffmanTable(counts: [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], symbols: Array(0...11))
    static let dcChrominance = HuffmanTable(counts: [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], symbols: Array(0...11))
    static let acLuminance = HuffmanTable(counts: [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D], symbols: [
        0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
        0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xA1, 0x08, 0x23, 0x42, 0xB1, 0xC1, 0x15, 0x52, 0xD1, 0xF0,
        0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0A, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x25, 0x26, 0x27, 0x28,
        0x29, 0x2A, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
        0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
        0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
        0x8A, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7,
        0xA8, 0xA9, 0xAA, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3, 0xC4, 0xC5,
        0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xE1, 0xE2,
        0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8,
        0xF9, 0xFA,
    ])
    static let acChrominance = HuffmanTable(counts: [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77], symbols: [
        0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
        0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xA1, 0xB1, 0xC1, 0x09, 0x23, 0x33, 0x52, 0xF0,
        0x15, 0x62, 0x72, 0xD1, 0x0A, 0x16, 0x24, 0x34, 0xE1, 0x25, 0xF1, 0x17, 0x18, 0x19, 0x1A, 0x26,
        0x27, 0x28, 0x29, 0x2A, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
        0x49, 0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
        0x69, 0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
        0x88, 0x89, 0x8A, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0xA2, 0xA3, 0xA4, 0xA5,
        0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3,
        0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA,
        0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8,
        0xF9, 0xFA,
    ])
}
