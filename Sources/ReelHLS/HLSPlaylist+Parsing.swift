import ReelCore

/// Why a playlist was refused.
public struct HLSPlaylistError: LocatedError, Sendable {
    public var location: String?
    public var reason: String
    public var failure: FailureKind { .badInput }

    public init(_ reason: String, at location: String?) {
        self.reason = reason
        self.location = location
    }
}

/// Something in a playlist that was ignored rather than refused (a variant attribute that is
/// not what it should be), for the reader to show as a warning.
public struct HLSPlaylistWarning: Sendable, Equatable, CustomStringConvertible {
    /// The playlist and line (`URL:LINE`).
    public var location: String
    public var reason: String

    public init(_ reason: String, at location: String) {
        self.reason = reason
        self.location = location
    }

    public var description: String { "\(location): \(reason)" }
}

extension HLSPlaylist {
    /// Limits that keep a hostile playlist from costing more than a real one.
    public struct Limits: Sendable {
        public var bytes = 16 << 20
        public var lineLength = 64 << 10
        public var segments = 200_000
        public var variants = 1_000

        public init() {}
    }

    /// The longest segment or target duration accepted, in seconds: a day.
    static let maximumDuration = NumberLimits.plausibleJump

    /// The largest BANDWIDTH or AVERAGE-BANDWIDTH accepted, in bits per second: 2^53 (a
    /// whole number a double holds exactly; no stream comes near it).
    public static let maximumBandwidth = 1 << 53

    /// Parses a playlist's text; `source` names it in errors.
    ///
    /// Follows RFC 8216 with the leniency real servers need: unknown tags and comments are
    /// ignored, a missing `#EXT-X-TARGETDURATION` is allowed, a segment's key and map carry
    /// on to the following segments until changed. Refused: text that is not UTF-8 or lacks
    /// `#EXTM3U`, a BANDWIDTH that is not a whole number from 0 to 2^53, an EXTINF without a
    /// number, a bad byte range, anything over `limits`. Tolerated: a variant without BANDWIDTH
    /// (as streamlink reads Twitch's `audio_only`: its bandwidth unknown), stray lines that are
    /// not after an EXTINF (skipped), incomplete date ranges (skipped), a negative media
    /// sequence. A variant's AVERAGE-BANDWIDTH, RESOLUTION or FRAME-RATE that does not read is
    /// ignored and named in the master playlist's `warnings`.
    public static func parse(_ bytes: [UInt8], source: String, limits: Limits = Limits()) throws(HLSPlaylistError) -> HLSPlaylist {
        guard bytes.count <= limits.bytes else {
            throw HLSPlaylistError("playlist of \(bytes.count) bytes is over the limit of \(limits.bytes)", at: source)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw HLSPlaylistError("playlist is not UTF-8 text", at: source)
        }
        var parser = Parser(source: source, limits: limits)
        return try parser.parse(text)
    }

    struct Parser {
        let source: String
        let limits: Limits
        var master = HLSMasterPlaylist()
        var media = HLSMediaPlaylist()
        var isMaster = false
        var pendingVariant: HLSAttributes?
        var pendingDuration: Double?
        var pendingTitle: String?
        var pendingRange: HLSByteRange?
        var pendingDiscontinuity = false
        var pendingDate: String?
        var pendingGap = false
        var key: HLSKey?
        var map: HLSMap?
        var sequence = 0

        init(source: String, limits: Limits) {
            self.source = source
            self.limits = limits
        }

        func fail(_ reason: String, line: Int) -> HLSPlaylistError {
            HLSPlaylistError(reason, at: "\(source):\(line)")
        }

        mutating func parse(_ text: String) throws(HLSPlaylistError) -> HLSPlaylist {
            var number = 0
            var sawHeader = false
            // Lines end with LF or CRLF (RFC 8216 allows both; "\r\n" is one Character).
            for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
                number += 1
                var line = rawLine
                if line.last == "\r" { line.removeLast() }
                guard line.utf8.count <= limits.lineLength else {
                    throw fail("line longer than \(limits.lineLength) bytes", line: number)
                }
                line = Substring(line.trimmingCharacters(in: " "))
                if line.isEmpty { continue }
                if !sawHeader {
                    // A stray line or two may precede the header (seen in the wild); a tag or
                    // anything longer may not.
                    guard line.hasPrefix("#EXTM3U") else {
                        guard number <= 2, line.count <= 2 else { throw fail("not an HLS playlist (no #EXTM3U)", line: number) }
                        continue
                    }
                    sawHeader = true
                    continue
                }
                if line.hasPrefix("#") {
                    try tag(line, number: number)
                } else {
                    try uri(String(line), number: number)
                }
            }
            guard sawHeader else { throw HLSPlaylistError("not an HLS playlist (no #EXTM3U)", at: source) }
            if isMaster && !media.segments.isEmpty {
                throw HLSPlaylistError("both variants and segments: neither a master nor a media playlist", at: source)
            }
            return isMaster ? .master(master) : .media(media)
        }

        private mutating func tag(_ line: Substring, number: Int) throws(HLSPlaylistError) {
            let colon = line.firstIndex(of: ":")
            let name = colon.map { line[..<$0] } ?? line
            let value = colon.map { line[line.index(after: $0)...] } ?? ""
            switch name {
            case "#EXTINF":
                let parts = value.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
                guard let first = parts.first, let duration = Double(first.trimmingCharacters(in: " ")) else {
                    throw fail("EXTINF without a duration", line: number)
                }
                guard duration >= 0, duration <= HLSPlaylist.maximumDuration else {
                    throw fail("EXTINF duration \(first) is out of range (0 to 86400 s)", line: number)
                }
                pendingDuration = duration
                pendingTitle = parts.count > 1 && !parts[1].isEmpty ? String(parts[1]) : nil
            case "#EXT-X-STREAM-INF":
                let attributes = HLSAttributes(value)
                if let text = attributes["BANDWIDTH"], Self.bandwidth(attributes, "BANDWIDTH") == nil {
                    throw fail("EXT-X-STREAM-INF BANDWIDTH=\(text) is not a whole number from 0 to 2^53", line: number)
                }
                checkVariant(attributes, line: number)
                isMaster = true
                pendingVariant = attributes
            case "#EXT-X-MEDIA":
                let attributes = HLSAttributes(value)
                guard let type = attributes["TYPE"], let group = attributes["GROUP-ID"], let name = attributes["NAME"] else {
                    throw fail("EXT-X-MEDIA without TYPE, GROUP-ID or NAME", line: number)
                }
                isMaster = true
                master.renditions.append(HLSRendition(type: type, groupID: group, name: name, language: attributes["LANGUAGE"],
                                                      isDefault: attributes["DEFAULT"] == "YES", uri: attributes["URI"]))
            case "#EXT-X-INDEPENDENT-SEGMENTS":
                master.isIndependentSegments = true
            case "#EXT-X-TARGETDURATION":
                guard let duration = Double(value.trimmingCharacters(in: " ")) else {
                    throw fail("bad EXT-X-TARGETDURATION", line: number)
                }
                guard duration >= 0, duration <= HLSPlaylist.maximumDuration else {
                    throw fail("EXT-X-TARGETDURATION \(value) is out of range (0 to 86400 s)", line: number)
                }
                media.targetDuration = duration
            case "#EXT-X-MEDIA-SEQUENCE":
                guard let first = Int(value.trimmingCharacters(in: " ")) else {
                    throw fail("bad EXT-X-MEDIA-SEQUENCE", line: number)
                }
                // Every segment's number must fit: the first plus as many as a playlist may hold.
                guard first <= Int.max - limits.segments, first >= Int.min + limits.segments else {
                    throw fail("EXT-X-MEDIA-SEQUENCE \(first) is out of range (at most \(Int.max - limits.segments))", line: number)
                }
                media.mediaSequence = first
                sequence = first
            case "#EXT-X-ENDLIST":
                media.hasEndList = true
            case "#EXT-X-PLAYLIST-TYPE":
                media.playlistType = value.trimmingCharacters(in: " ").lowercased()
            case "#EXT-X-DISCONTINUITY":
                pendingDiscontinuity = true
            case "#EXT-X-PROGRAM-DATE-TIME":
                pendingDate = value.trimmingCharacters(in: " ")
            case "#EXT-X-GAP":
                pendingGap = true
            case "#EXT-X-BYTERANGE":
                guard let range = HLSByteRange(value.trimmingCharacters(in: " ")) else {
                    throw fail("bad EXT-X-BYTERANGE (length[@offset], each 0 to 2^53)", line: number)
                }
                pendingRange = range
            case "#EXT-X-KEY":
                let attributes = HLSAttributes(value)
                guard let method = attributes["METHOD"] else { throw fail("EXT-X-KEY without METHOD", line: number) }
                key = method == "NONE" ? nil : HLSKey(method: method, uri: attributes["URI"], iv: attributes["IV"],
                                                      keyFormat: attributes["KEYFORMAT"])
            case "#EXT-X-MAP":
                let attributes = HLSAttributes(value)
                guard let uri = attributes["URI"] else { throw fail("EXT-X-MAP without URI", line: number) }
                var range: HLSByteRange?
                if let text = attributes["BYTERANGE"] {
                    guard let parsed = HLSByteRange(text) else { throw fail("bad BYTERANGE in EXT-X-MAP", line: number) }
                    range = parsed
                }
                map = HLSMap(uri: uri, byteRange: range)
            case "#EXT-X-DATERANGE":
                let attributes = HLSAttributes(value)
                guard let id = attributes["ID"], let start = attributes["START-DATE"] else {
                    break  // incomplete (a delta update's, or malformed): nothing to act on
                }
                media.dateRanges.append(HLSDateRange(id: id, classLabel: attributes["CLASS"], startDate: start,
                                                     duration: attributes.decimal("DURATION"),
                                                     endDate: attributes["END-DATE"], attributes: attributes))
            case "#EXT-X-TWITCH-PREFETCH":
                media.prefetch.append(value.trimmingCharacters(in: " "))
            default:
                break  // other tags and comments
            }
        }

        /// A bandwidth attribute when it is a whole number from 0 to `maximumBandwidth`.
        static func bandwidth(_ attributes: HLSAttributes, _ name: String) -> Int? {
            attributes.integer(name).flatMap { (0...HLSPlaylist.maximumBandwidth).contains($0) ? $0 : nil }
        }

        /// Notes the variant attributes that are given but do not read (they are ignored).
        private mutating func checkVariant(_ attributes: HLSAttributes, line: Int) {
            var unread: [String] = []
            if let text = attributes["AVERAGE-BANDWIDTH"], Self.bandwidth(attributes, "AVERAGE-BANDWIDTH") == nil {
                unread.append("AVERAGE-BANDWIDTH=\(text) is not a whole number from 0 to 2^53")
            }
            if let text = attributes["RESOLUTION"], HLSVariant.size(of: text) == nil {
                unread.append("RESOLUTION=\(text) is not WIDTHxHEIGHT")
            }
            if let text = attributes["FRAME-RATE"], attributes.decimal("FRAME-RATE") == nil {
                unread.append("FRAME-RATE=\(text) is not a number")
            }
            for reason in unread where master.warnings.count < 100 {
                master.warnings.append(HLSPlaylistWarning("EXT-X-STREAM-INF \(reason): ignored", at: "\(source):\(line)"))
            }
        }

        private mutating func uri(_ line: String, number: Int) throws(HLSPlaylistError) {
            if let attributes = pendingVariant {
                guard master.variants.count < limits.variants else { throw fail("more than \(limits.variants) variants", line: number) }
                master.variants.append(HLSVariant(uri: line, bandwidth: Self.bandwidth(attributes, "BANDWIDTH"),
                                                  averageBandwidth: Self.bandwidth(attributes, "AVERAGE-BANDWIDTH"),
                                                  resolution: attributes["RESOLUTION"], frameRate: attributes.decimal("FRAME-RATE"),
                                                  codecs: attributes["CODECS"], video: attributes["VIDEO"],
                                                  audio: attributes["AUDIO"], attributes: attributes))
                pendingVariant = nil
                return
            }
            guard let duration = pendingDuration else {
                return  // a stray line: not a segment (RFC 8216 puts EXTINF before every URI)
            }
            guard media.segments.count < limits.segments else { throw fail("more than \(limits.segments) segments", line: number) }
            media.segments.append(HLSSegment(uri: line, sequence: sequence, duration: duration, title: pendingTitle,
                                             byteRange: pendingRange, discontinuity: pendingDiscontinuity,
                                             programDateTime: pendingDate, key: key, map: map, isGap: pendingGap))
            sequence += 1
            pendingDuration = nil
            pendingTitle = nil
            pendingRange = nil
            pendingDiscontinuity = false
            pendingDate = nil
            pendingGap = false
        }
    }
}
