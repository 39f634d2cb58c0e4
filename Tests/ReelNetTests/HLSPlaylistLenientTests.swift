import Foundation
import ReelHLS
import ReelTestSupport
import Testing

/// Master playlists as streamlink reads them: a variant without BANDWIDTH (Twitch's
/// `audio_only`) is read with its bandwidth unknown, not a reason to refuse the playlist;
/// a BANDWIDTH that is there but not a number still is, and attributes that do not read are
/// ignored with a warning.
struct HLSPlaylistLenientTests {
    func master(_ bytes: [UInt8], source: String = "m.m3u8") throws -> HLSMasterPlaylist {
        guard case .master(let master) = try HLSPlaylist.parse(bytes, source: source) else {
            throw TestSetupError("not a master playlist")
        }
        return master
    }

    func master(_ text: String) throws -> HLSMasterPlaylist {
        try master(Array(text.utf8))
    }

    func refusal(_ text: String) -> String? {
        do {
            _ = try HLSPlaylist.parse(Array(text.utf8), source: "m.m3u8")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func readsStreamlinksTwitchMasterWithAnAudioOnlyVariantWithoutBandwidth() throws {
        let path = Repository.fixture("hls-playlists/twitch-multivariant-bandwidth.m3u8")
        let master = try master([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), source: "twitch")
        // As streamlink's test_parse_bandwidth reads it (0 for both), but unknown is not 0 here.
        #expect(master.variants.map(\.video) == ["chunked", "audio_only", "720p60", "480p30", "360p30", "160p30"])
        #expect(master.variants.map(\.bandwidth) == [0, nil, 3_000_000, 1_500_000, 700_000, 300_000])
        #expect(master.variants.map(\.knownBandwidth) == [nil, nil, 3_000_000, 1_500_000, 700_000, 300_000])
        #expect(master.warnings.isEmpty)
        let names = master.variants.map { master.name(of: $0) }
        #expect(names == ["1080p60", "Audio Only", "720p60", "480p", "360p", "160p"])
        // A variant of unknown bandwidth is never best nor worst while others say theirs.
        #expect(master.variant(for: "best")?.video == "720p60")
        #expect(master.variant(for: "worst")?.video == "160p30")
        // It is still there by name.
        #expect(master.variant(for: "1080p60")?.video == "chunked")
        #expect(master.variant(for: "source")?.video == "chunked")
        #expect(master.variant(for: "audio_only")?.video == "audio_only")
        #expect(master.variant(for: "audio only")?.video == "audio_only")
    }

    @Test func variantsAllOfUnknownBandwidthAreRankedByPicture() throws {
        let master = try master("""
            #EXTM3U
            #EXT-X-STREAM-INF:RESOLUTION=1280x720,FRAME-RATE=30
            b.m3u8
            #EXT-X-STREAM-INF:RESOLUTION=1920x1080,FRAME-RATE=30
            c.m3u8
            #EXT-X-STREAM-INF:RESOLUTION=1280x720,FRAME-RATE=60
            d.m3u8
            #EXT-X-STREAM-INF:CODECS="mp4a.40.2"
            a.m3u8
            """)
        #expect(master.variants.allSatisfy { $0.bandwidth == nil })
        #expect(master.variant(for: "best")?.uri == "c.m3u8")
        #expect(master.variant(for: "worst")?.uri == "b.m3u8")
        #expect(master.variant(for: "720p60")?.uri == "d.m3u8")
        #expect(master.variant(for: "audio_only")?.uri == "a.m3u8")
    }

    @Test func aLoneVariantWithoutBandwidthIsBestWhenNoOtherHasVideo() throws {
        let master = try master("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS=\"mp4a.40.2\"\na.m3u8\n#EXT-X-STREAM-INF:RESOLUTION=640x360\nv.m3u8\n")
        #expect(master.variant(for: "best")?.uri == "v.m3u8")
        #expect(master.variant(for: "worst")?.uri == "v.m3u8")
    }

    @Test(arguments: [
        ("BANDWIDTH=abc", "m.m3u8:2: EXT-X-STREAM-INF BANDWIDTH=abc is not a whole number from 0 to 2^53"),
        ("BANDWIDTH=-5", "m.m3u8:2: EXT-X-STREAM-INF BANDWIDTH=-5 is not a whole number from 0 to 2^53"),
        ("BANDWIDTH=1e300", "m.m3u8:2: EXT-X-STREAM-INF BANDWIDTH=1e300 is not a whole number from 0 to 2^53"),
        ("BANDWIDTH=99999999999999999999", "m.m3u8:2: EXT-X-STREAM-INF BANDWIDTH=99999999999999999999 is not a whole number from 0 to 2^53"),
        ("BANDWIDTH=9007199254740993", "m.m3u8:2: EXT-X-STREAM-INF BANDWIDTH=9007199254740993 is not a whole number from 0 to 2^53"),
        ("BANDWIDTH=,RESOLUTION=1x1", "m.m3u8:2: EXT-X-STREAM-INF BANDWIDTH= is not a whole number from 0 to 2^53"),
    ])
    func aBandwidthThatIsThereButDoesNotReadIsRefused(attributes: String, message: String) {
        #expect(refusal("#EXTM3U\n#EXT-X-STREAM-INF:\(attributes)\nv.m3u8\n") == message)
    }

    @Test func theLargestBandwidthIsRead() throws {
        let master = try master("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=9007199254740992,AVERAGE-BANDWIDTH=1280000.0\nv.m3u8\n")
        #expect(master.variants.first?.bandwidth == 9_007_199_254_740_992)
        #expect(master.variants.first?.averageBandwidth == 1_280_000)
    }

    @Test func attributesThatDoNotReadAreIgnoredWithAWarning() throws {
        let master = try master("""
            #EXTM3U
            #EXT-X-STREAM-INF:BANDWIDTH=1000,AVERAGE-BANDWIDTH=-1,RESOLUTION=wide,FRAME-RATE=nan
            v.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=2000,RESOLUTION=99999999999x720
            w.m3u8
            """)
        #expect(master.variants.count == 2)
        #expect(master.variants[0].averageBandwidth == nil && master.variants[0].size == nil && master.variants[0].frameRate == nil)
        #expect(master.variants[1].size == nil)
        #expect(master.warnings.map(\.description) == [
            "m.m3u8:2: EXT-X-STREAM-INF AVERAGE-BANDWIDTH=-1 is not a whole number from 0 to 2^53: ignored",
            "m.m3u8:2: EXT-X-STREAM-INF RESOLUTION=wide is not WIDTHxHEIGHT: ignored",
            "m.m3u8:2: EXT-X-STREAM-INF FRAME-RATE=nan is not a number: ignored",
            "m.m3u8:4: EXT-X-STREAM-INF RESOLUTION=99999999999x720 is not WIDTHxHEIGHT: ignored",
        ])
        // Naming and ranking never trap on them.
        #expect(master.variants.allSatisfy { !master.name(of: $0).isEmpty })
        #expect(master.variant(for: "best")?.uri == "w.m3u8")
    }
}
