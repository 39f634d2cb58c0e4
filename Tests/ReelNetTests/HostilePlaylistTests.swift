import Foundation
import ReelHLS
import ReelTestSupport
import Testing

/// Playlists as an attacker writes them: every number checked where it enters, CRLF line ends
/// read (RFC 8216 allows them), damaged dates ignored.
@Suite struct HostilePlaylistTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: Repository.fixture("hostile/" + name))))
    }

    func media(_ text: String) throws -> HLSMediaPlaylist {
        guard case .media(let media) = try HLSPlaylist.parse(Array(text.utf8), source: "p.m3u8") else {
            throw TestSetupError("not a media playlist")
        }
        return media
    }

    func refusal(_ text: String) -> String? {
        do {
            _ = try HLSPlaylist.parse(Array(text.utf8), source: "p.m3u8")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func crlfLineEndsAreRead() throws {
        // F13: a VOD playlist with CRLF line ends gave no segment at all.
        let bytes = try Self.fixture("hls_crlf_vod.m3u8")
        #expect(bytes.contains(0x0D))
        guard case .media(let media) = try HLSPlaylist.parse(bytes, source: "crlf") else {
            Issue.record("not read as a media playlist")
            return
        }
        #expect(media.segments.map(\.uri) == ["/vod/seg000.ts"])
        #expect(media.segments.first?.duration == 2)
        #expect(media.hasEndList)
        let master = "#EXTM3U\r\n#EXT-X-STREAM-INF:BANDWIDTH=1000,RESOLUTION=640x360\r\nlow.m3u8\r\n"
        guard case .master(let variants) = try HLSPlaylist.parse(Array(master.utf8), source: "crlf") else {
            Issue.record("a CRLF master playlist was not read as one")
            return
        }
        #expect(variants.variants.map(\.uri) == ["low.m3u8"])
    }

    @Test func aMediaSequenceThatCannotCountItsSegmentsIsRefused() throws {
        // F9: EXT-X-MEDIA-SEQUENCE 2^63-1 trapped on the next segment's number.
        let error = #expect(throws: HLSPlaylistError.self) {
            try HLSPlaylist.parse(try Self.fixture("hls_media_sequence_intmax.m3u8"), source: "intmax")
        }
        #expect(error?.description == "intmax:3: EXT-X-MEDIA-SEQUENCE 9223372036854775807 is out of range (at most 9223372036854575807)")
        #expect(error?.failure == .badInput)
        // A large one that fits is read.
        let media = try media("#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:4611686018427387904\n#EXTINF:2,\na.ts\n#EXTINF:2,\nb.ts\n")
        #expect(media.segments.map(\.sequence) == [4_611_686_018_427_387_904, 4_611_686_018_427_387_905])
    }

    @Test func byteRangesBeyondTwoToThe53AreRefused() throws {
        // F10: EXT-X-BYTERANGE 2^63-1@10 overflowed where its end was computed.
        let error = #expect(throws: HLSPlaylistError.self) {
            try HLSPlaylist.parse(try Self.fixture("hls_byterange_overflow.m3u8"), source: "range")
        }
        #expect(error?.description == "range:3: bad EXT-X-BYTERANGE (length[@offset], each 0 to 2^53)")
        #expect(HLSByteRange("9007199254740992@9007199254740992") != nil)
        #expect(HLSByteRange("9007199254740993") == nil)
        #expect(HLSByteRange("10@-1") == nil)
    }

    @Test func durationsAreFiniteAndAtMostADay() {
        #expect(refusal("#EXTM3U\n#EXTINF:inf,\na.ts\n") == "p.m3u8:2: EXTINF duration inf is out of range (0 to 86400 s)")
        #expect(refusal("#EXTM3U\n#EXTINF:nan,\na.ts\n") == "p.m3u8:2: EXTINF duration nan is out of range (0 to 86400 s)")
        #expect(refusal("#EXTM3U\n#EXTINF:1e300,\na.ts\n") != nil)
        #expect(refusal("#EXTM3U\n#EXT-X-TARGETDURATION:inf\n") == "p.m3u8:2: EXT-X-TARGETDURATION inf is out of range (0 to 86400 s)")
    }

    @Test func attributesThatAreNotFiniteAreNotNumbers() throws {
        let text = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000,AVERAGE-BANDWIDTH=1e300,FRAME-RATE=inf,RESOLUTION=99999999999999999999x720\nv.m3u8\n"
        guard case .master(let master) = try HLSPlaylist.parse(Array(text.utf8), source: "m") else {
            Issue.record("not a master playlist")
            return
        }
        let variant = try #require(master.variants.first)
        #expect(variant.frameRate == nil)
        #expect(variant.averageBandwidth == nil)
        #expect(variant.size == nil)
        // Naming the variant (720p60 and the like) never traps on them.
        #expect(!master.name(of: variant).isEmpty)
    }

    @Test func damagedProgramDateTimesAreIgnoredNotTurnedIntoOtherDates() {
        #expect(ProgramDateTime.seconds("2026-11-21T10:00:02.000Z") == 1_795_255_202)
        #expect(ProgramDateTime.seconds("2026-11-21T11:00:04+01:00") == 1_795_255_204)
        #expect(ProgramDateTime.seconds("2026-11-21T10:00:04.5+0000") == 1_795_255_204.5)
        for damaged in ["2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "3980526-01-01T00:00:00Z", "2026-11-21T25:00:00Z",
                        "2026-11-21T10:00:00", "2026-11-21T10:00:00+99:00", "garbage", "", "1969-12-31T23:59:59Z",
                        "2026-11-21T10:00:00.Z", "+2026-11-21T10:00:00Z"] {
            #expect(ProgramDateTime.seconds(damaged) == nil, "\(damaged)")
        }
    }
}
