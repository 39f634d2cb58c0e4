/// An HLS playlist (RFC 8216): a master playlist naming variants and renditions, or a media
/// playlist listing segments.
public enum HLSPlaylist: Sendable, Equatable {
    case master(HLSMasterPlaylist)
    case media(HLSMediaPlaylist)
}

/// The variants and renditions of a master playlist.
public struct HLSMasterPlaylist: Sendable, Equatable {
    public var variants: [HLSVariant] = []
    public var renditions: [HLSRendition] = []
    public var isIndependentSegments = false
    /// Variant attributes that were ignored because they do not read (at most 100).
    public var warnings: [HLSPlaylistWarning] = []
}

/// One `#EXT-X-STREAM-INF` variant.
public struct HLSVariant: Sendable, Equatable {
    public var uri: String
    /// BANDWIDTH in bits per second; nil when the playlist leaves it out (Twitch's
    /// `audio_only`, in streamlink's tests).
    public var bandwidth: Int?
    public var averageBandwidth: Int?
    /// `WIDTHxHEIGHT` as written.
    public var resolution: String?
    public var frameRate: Double?
    public var codecs: String?
    /// Rendition groups it refers to.
    public var video: String?
    public var audio: String?
    public var attributes: HLSAttributes

    /// Width and height, when the resolution reads as `WxH`.
    public var size: (width: Int, height: Int)? {
        resolution.flatMap(Self.size(of:))
    }

    /// Width and height of `WxH` text, each a whole number from 0 to 2^31 (nil otherwise).
    public static func size(of text: String) -> (width: Int, height: Int)? {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]),
              (0...Int(Int32.max)).contains(width), (0...Int(Int32.max)).contains(height) else { return nil }
        return (width, height)
    }

    /// The bandwidth when it says something: given and more than 0 (Twitch writes
    /// BANDWIDTH=0 for a variant whose bandwidth it does not know).
    public var knownBandwidth: Int? {
        bandwidth.flatMap { $0 > 0 ? $0 : nil }
    }
}

/// One `#EXT-X-MEDIA` rendition.
public struct HLSRendition: Sendable, Equatable {
    public var type: String
    public var groupID: String
    public var name: String
    public var language: String?
    public var isDefault: Bool
    public var uri: String?
}

/// A media playlist: its segments and what governs reloading it.
public struct HLSMediaPlaylist: Sendable, Equatable {
    /// `#EXT-X-TARGETDURATION`, when given.
    public var targetDuration: Double?
    /// `#EXT-X-MEDIA-SEQUENCE`: the first segment's number (0 when absent).
    public var mediaSequence = 0
    /// `#EXT-X-ENDLIST`: no segment will be added.
    public var hasEndList = false
    /// `#EXT-X-PLAYLIST-TYPE` in lower case (`vod`, `event`).
    public var playlistType: String?
    public var segments: [HLSSegment] = []
    public var dateRanges: [HLSDateRange] = []
    /// `#EXT-X-TWITCH-PREFETCH` URIs (segments announced early).
    public var prefetch: [String] = []
}

/// One media segment.
public struct HLSSegment: Sendable, Equatable {
    public var uri: String
    /// Its media sequence number.
    public var sequence: Int
    public var duration: Double
    /// The EXTINF title (after the comma), when given.
    public var title: String?
    public var byteRange: HLSByteRange?
    /// An `#EXT-X-DISCONTINUITY` precedes it.
    public var discontinuity = false
    /// `#EXT-X-PROGRAM-DATE-TIME` given right before it, as written.
    public var programDateTime: String?
    /// The key that encrypts it (nil: clear).
    public var key: HLSKey?
    /// The initialisation section it needs (`#EXT-X-MAP`).
    public var map: HLSMap?
    /// `#EXT-X-GAP`: the segment is missing on the server.
    public var isGap = false
}

/// `#EXT-X-BYTERANGE` / `BYTERANGE=`: `length[@offset]`.
public struct HLSByteRange: Sendable, Equatable {
    public var length: Int
    /// The offset when written (else it follows the previous range of the same resource).
    public var offset: Int?

    /// The largest length or offset accepted: 2^53 bytes (8 PiB), so that offsets and ends
    /// computed from ranges never overflow.
    public static let maximum = 1 << 53

    /// Parses `length[@offset]`; nil when either is not a whole number from 0 to `maximum`.
    public init?(_ text: String) {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let length = Int(parts[0]), (0...Self.maximum).contains(length) else {
            return nil
        }
        self.length = length
        if parts.count == 2 {
            guard let offset = Int(parts[1]), (0...Self.maximum).contains(offset) else { return nil }
            self.offset = offset
        }
    }

    /// As written: `length@offset` or `length`.
    public var text: String { offset.map { "\(length)@\($0)" } ?? "\(length)" }
}

/// `#EXT-X-KEY`.
public struct HLSKey: Sendable, Equatable {
    /// `AES-128`, `SAMPLE-AES`, ...
    public var method: String
    public var uri: String?
    /// The IV as written (`0x...`), when given.
    public var iv: String?
    public var keyFormat: String?
}

/// `#EXT-X-MAP`.
public struct HLSMap: Sendable, Equatable {
    public var uri: String
    public var byteRange: HLSByteRange?
}

/// `#EXT-X-DATERANGE` (ads on Twitch).
public struct HLSDateRange: Sendable, Equatable {
    public var id: String
    public var classLabel: String?
    public var startDate: String
    public var duration: Double?
    public var endDate: String?
    public var attributes: HLSAttributes
}
