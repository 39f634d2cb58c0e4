import Foundation
@testable import ReelHLS
import ReelHTTP
import ReelTestSupport
import ReelTwitch
import Testing

/// The parts of hls-fetch that decide things on their own: decryption, variant choice, ads,
/// byte ranges, Twitch URLs.
@Suite struct HLSFetchPartsTests {
    @Test func decryptsWhatTheOpenSSLCommandEncrypts() throws {
        let folder = try TemporaryDirectory()
        let plain = Data((0..<100_003).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try plain.write(to: URL(fileURLWithPath: folder.file("plain")))
        let key = (0..<16).map { UInt8($0 * 3) }
        let iv = try SegmentDecryptor.initializationVector(nil, sequence: 258)
        #expect(iv == [UInt8](repeating: 0, count: 14) + [1, 2])
        let encrypted = try Subprocess.run("openssl", ["aes-128-cbc", "-e", "-K", key.map { String(format: "%02x", $0) }.joined(),
                                                       "-iv", iv.map { String(format: "%02x", $0) }.joined(), "-in", folder.file("plain")])
        #expect(try SegmentDecryptor.decrypt(Array(encrypted.stdout), key: key, iv: iv) == Array(plain))
        // A wrong key shows as bad padding, never as silently wrong bytes of the right length.
        var wrong = key
        wrong[0] ^= 1
        #expect(throws: SegmentDecryptor.Failure.self) { _ = try SegmentDecryptor.decrypt(Array(encrypted.stdout), key: wrong, iv: iv) }
        #expect(throws: SegmentDecryptor.Failure.self) { _ = try SegmentDecryptor.decrypt([1, 2, 3], key: key, iv: iv) }
        #expect(try SegmentDecryptor.initializationVector("0x000102030405060708090A0B0C0D0E0F", sequence: 9) == Array(0...15))
        #expect(throws: SegmentDecryptor.Failure.self) { _ = try SegmentDecryptor.initializationVector("0xZZ", sequence: 0) }
    }

    static let twitchMaster = """
        #EXTM3U
        #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="chunked",NAME="1080p60 (source)",AUTOSELECT=YES,DEFAULT=YES
        #EXT-X-STREAM-INF:BANDWIDTH=6000000,RESOLUTION=1920x1080,CODECS="avc1.64002A,mp4a.40.2",VIDEO="chunked",FRAME-RATE=60.000
        chunked.m3u8
        #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="720p60",NAME="720p60",AUTOSELECT=YES,DEFAULT=YES
        #EXT-X-STREAM-INF:BANDWIDTH=3400000,RESOLUTION=1280x720,CODECS="avc1.4D401F,mp4a.40.2",VIDEO="720p60",FRAME-RATE=60.000
        720p60.m3u8
        #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="720p30",NAME="720p",AUTOSELECT=YES,DEFAULT=YES
        #EXT-X-STREAM-INF:BANDWIDTH=2400000,RESOLUTION=1280x720,CODECS="avc1.4D401F,mp4a.40.2",VIDEO="720p30",FRAME-RATE=30.000
        720p30.m3u8
        #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="160p30",NAME="160p",AUTOSELECT=YES,DEFAULT=YES
        #EXT-X-STREAM-INF:BANDWIDTH=230000,RESOLUTION=284x160,CODECS="avc1.4D401F,mp4a.40.2",VIDEO="160p30",FRAME-RATE=30.000
        160p30.m3u8
        #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="audio_only",NAME="audio_only",AUTOSELECT=NO,DEFAULT=NO
        #EXT-X-STREAM-INF:BANDWIDTH=160000,CODECS="mp4a.40.2",VIDEO="audio_only"
        audio_only.m3u8
        """

    @Test(arguments: [("best", "chunked.m3u8"), ("worst", "160p30.m3u8"), ("720p60", "720p60.m3u8"), ("720P", "720p30.m3u8"),
                      ("720p30", "720p30.m3u8"), ("source", "chunked.m3u8"), ("1080p60 (source)", "chunked.m3u8"),
                      ("audio_only", "audio_only.m3u8"), ("160p", "160p30.m3u8"), ("4k", "")])
    func choosesTheVariant(quality: String, uri: String) throws {
        guard case .master(let master) = try HLSPlaylist.parse(Array(Self.twitchMaster.utf8), source: "t") else {
            Issue.record("not a master")
            return
        }
        #expect((master.variant(for: quality)?.uri ?? "") == uri)
    }

    @Test func namesVariantsWithoutRenditions() throws {
        let text = """
            #EXTM3U
            #EXT-X-STREAM-INF:BANDWIDTH=5000000,RESOLUTION=1920x1080,FRAME-RATE=59.94
            hi.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=1000000,RESOLUTION=640x360
            lo.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS="mp4a.40.5"
            audio.m3u8
            """
        guard case .master(let master) = try HLSPlaylist.parse(Array(text.utf8), source: "t") else {
            Issue.record("not a master playlist")
            return
        }
        #expect(master.variants.map { master.name(of: $0) } == ["1080p60", "360p", "audio_only"])
        #expect(master.variant(for: "worst")?.uri == "lo.m3u8")
    }

    @Test func marksStitchedAdsByDateRangeAndTitle() throws {
        let text = """
            #EXTM3U
            #EXT-X-TARGETDURATION:2
            #EXT-X-DATERANGE:ID="stitched-ad-1-30",CLASS="twitch-stitched-ad",START-DATE="2026-11-21T10:00:04.000Z",DURATION=4.0
            #EXT-X-DATERANGE:ID="other",CLASS="twitch-session",START-DATE="2026-11-21T10:00:00.000Z",DURATION=100.0
            #EXT-X-PROGRAM-DATE-TIME:2026-11-21T10:00:02.000Z
            #EXTINF:2.000,live
            a.ts
            #EXT-X-PROGRAM-DATE-TIME:2026-11-21T10:00:04.000Z
            #EXTINF:2.000,live
            b.ts
            #EXT-X-PROGRAM-DATE-TIME:2026-11-21T10:00:06.000Z
            #EXTINF:2.000,live
            c.ts
            #EXT-X-PROGRAM-DATE-TIME:2026-11-21T10:00:08.000Z
            #EXTINF:2.000,Amazon|1234
            d.ts
            #EXT-X-PROGRAM-DATE-TIME:2026-11-21T10:00:10.000Z
            #EXTINF:2.000,live
            e.ts
            """
        guard case .media(let media) = try HLSPlaylist.parse(Array(text.utf8), source: "t") else {
            Issue.record("not a media playlist")
            return
        }
        var ads = StitchedAds()
        ads.note(media.dateRanges)
        let marked = media.segments.map { ads.contains($0, at: $0.programDateTime.flatMap(ProgramDateTime.seconds)) }
        #expect(marked == [false, true, true, true, false])
        #expect(ProgramDateTime.text(ProgramDateTime.seconds("2026-11-21T11:00:04+01:00") ?? 0) == "2026-11-21T10:00:04.000Z")
    }

    @Test func continuesByteRangesOfTheSameResource() throws {
        let text = """
            #EXTM3U
            #EXT-X-TARGETDURATION:2
            #EXTINF:2,
            #EXT-X-BYTERANGE:1000@0
            all.ts
            #EXTINF:2,
            #EXT-X-BYTERANGE:500
            all.ts
            #EXTINF:2,
            #EXT-X-BYTERANGE:300
            other.ts
            #EXTINF:2,
            #EXT-X-BYTERANGE:200@7
            all.ts
            """
        guard case .media(let media) = try HLSPlaylist.parse(Array(text.utf8), source: "t") else {
            Issue.record("not a media playlist")
            return
        }
        #expect(HLSFetcher.spans(of: media.segments) == [ByteSpan(offset: 0, length: 1000), ByteSpan(offset: 1000, length: 500),
                                                         ByteSpan(offset: 0, length: 300), ByteSpan(offset: 7, length: 200)])
    }

    @Test func namesFilesItself() {
        func name(_ uri: String, sequence: Int = 41, map: Bool = false) -> String {
            var segment = HLSSegment(uri: uri, sequence: sequence, duration: 2)
            if map { segment.map = HLSMap(uri: "init.mp4") }
            return HLSFetcher.fileName(for: segment)
        }
        #expect(name("https://cdn/x/41.ts?sig=1") == "000041.ts")
        #expect(name("../../../etc/passwd") == "000041.ts")
        #expect(name("seg.aac") == "000041.aac")
        #expect(name("frag.m4s", map: true) == "000041.mp4")
        #expect(name("a.sh", sequence: 1_234_567) == "1234567.ts")
        #expect(name("a.ts", sequence: -3) == "n000003.ts")
        #expect(HLSFetcher.isMuted("https://cdn/vod/123-muted.ts") && !HLSFetcher.isMuted("https://cdn/muted/123.ts"))
    }

    @Test func buildsUsherURLsWithTheTokenEncoded() {
        var access = TwitchAccess()
        access.usherURL = "https://usher.example"
        let token = (value: #"{"channel":"a b","x":1}"#, signature: "abc123")
        let live = access.playlistURL(for: .channel("streamer"), token: token)
        #expect(live.hasPrefix("https://usher.example/api/v2/channel/hls/streamer.m3u8?sig=abc123&token=%7B%22channel%22%3A%22a%20b%22%2C%22x%22%3A1%7D&allow_source=true"))
        let vod = access.playlistURL(for: .vod("42"), token: token)
        #expect(vod.hasPrefix("https://usher.example/vod/v2/42.m3u8?nauthsig=abc123&nauth=%7B"))
        #expect(TwitchSource.vod(parsing: "https://www.twitch.tv/videos/2001234567?t=1h") == .vod("2001234567"))
        #expect(TwitchSource.vod(parsing: "v99") == .vod("99"))
        #expect(TwitchSource.channel(parsing: "https://twitch.tv/Some_Streamer") == .channel("some_streamer"))
        #expect(TwitchSource.channel(parsing: "../../etc") == nil)
        #expect(TwitchSource.channel(parsing: "https://evil.example/streamer") == nil)
        #expect(TwitchSource.vod(parsing: "12ab") == nil)
    }
}
