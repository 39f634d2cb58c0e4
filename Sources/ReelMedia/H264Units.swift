/// H.264 NAL units in the two framings packets come in: Annex B (start codes, MPEG-TS) and
/// length-prefixed (MP4, described by an `avcC` record in the stream's extradata).
///
/// Joining pictures of different encodes (a re-encoded bridge, clips of different sources)
/// needs each part's parameter sets in band at its first keyframe; these helpers find, convert
/// and insert them.
public enum H264Units {
    /// NAL unit types reel cares about.
    static let sequenceParameterSet: UInt8 = 7
    static let pictureParameterSet: UInt8 = 8

    /// How a stream's packets are framed, judged from its extradata.
    public enum Framing: Equatable, Sendable {
        /// Start codes.
        case annexB
        /// Big-endian lengths of this many bytes.
        case lengthPrefixed(Int)

        /// The framing `extradata` implies: an `avcC` record (first byte 1) means length
        /// prefixes; anything else (start codes, none) means Annex B.
        public init(extradata: [UInt8]) {
            if extradata.count >= 7, extradata[0] == 1 {
                self = .lengthPrefixed(Int(extradata[4] & 3) + 1)
            } else {
                self = .annexB
            }
        }
    }

    /// The NAL units of `data` framed as `framing` (without start codes or lengths).
    public static func units(of data: [UInt8], framing: Framing) -> [ArraySlice<UInt8>] {
        switch framing {
        case .annexB: return annexBUnits(data)
        case .lengthPrefixed(let size): return prefixedUnits(data, lengthSize: size)
        }
    }

    /// `units` framed as `framing`.
    public static func frame(_ units: [ArraySlice<UInt8>], as framing: Framing) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(units.reduce(0) { $0 + $1.count + 4 })
        for unit in units {
            switch framing {
            case .annexB:
                out += [0, 0, 0, 1]
            case .lengthPrefixed(let size):
                for shift in stride(from: (size - 1) * 8, through: 0, by: -8) {
                    out.append(UInt8(truncatingIfNeeded: unit.count >> shift))
                }
            }
            out += unit
        }
        return out
    }

    /// The sequence and picture parameter sets in `extradata` (an `avcC` record or Annex B).
    public static func parameterSets(in extradata: [UInt8]) -> [ArraySlice<UInt8>] {
        guard extradata.count >= 7, extradata[0] == 1 else {
            return annexBUnits(extradata).filter { isParameterSet($0) }
        }
        var sets: [ArraySlice<UInt8>] = []
        var offset = 5
        for pass in 0..<2 {
            guard offset < extradata.count else { break }
            let count = Int(pass == 0 ? extradata[offset] & 0x1f : extradata[offset])
            offset += 1
            for _ in 0..<count {
                guard offset + 2 <= extradata.count else { return sets }
                let length = Int(extradata[offset]) << 8 | Int(extradata[offset + 1])
                offset += 2
                guard offset + length <= extradata.count else { return sets }
                sets.append(extradata[offset..<offset + length])
                offset += length
            }
        }
        return sets
    }

    static func type(of unit: ArraySlice<UInt8>) -> UInt8 {
        unit.first.map { $0 & 0x1f } ?? 0
    }

    static func isParameterSet(_ unit: ArraySlice<UInt8>) -> Bool {
        let kind = type(of: unit)
        return kind == sequenceParameterSet || kind == pictureParameterSet
    }

    /// `data` (a keyframe's packet) with `sets` put in front, replacing any it carries.
    public static func withParameterSets(_ sets: [ArraySlice<UInt8>], before data: [UInt8], framing: Framing) -> [UInt8] {
        let rest = units(of: data, framing: framing).filter { !isParameterSet($0) }
        return frame(sets + rest, as: framing)
    }

    private static func annexBUnits(_ data: [UInt8]) -> [ArraySlice<UInt8>] {
        var units: [ArraySlice<UInt8>] = []
        var start: Int?
        var index = 0
        let count = data.count
        while index + 2 < count {
            if data[index] == 0, data[index + 1] == 0, data[index + 2] == 1 {
                if let start {
                    var end = index
                    while end > start, data[end - 1] == 0 { end -= 1 }
                    units.append(data[start..<end])
                }
                index += 3
                start = index
            } else {
                index += 1
            }
        }
        if let start, start < count {
            units.append(data[start..<count])
        }
        return units.filter { !$0.isEmpty }
    }

    private static func prefixedUnits(_ data: [UInt8], lengthSize: Int) -> [ArraySlice<UInt8>] {
        var units: [ArraySlice<UInt8>] = []
        var offset = 0
        while offset + lengthSize <= data.count {
            var length = 0
            for byte in data[offset..<offset + lengthSize] { length = length << 8 | Int(byte) }
            offset += lengthSize
            guard length > 0, offset + length <= data.count else { break }
            units.append(data[offset..<offset + length])
            offset += length
        }
        return units
    }
}
