import ReelHLS
import Testing

/// The playlist parser on hand-made playlists: what it reads, and what it refuses.
struct HLSPlaylistTests {
    func parse(_ text: String, limits: HLSPlaylist.Limits = .init()) throws(HLSPlaylistError) -> HLSPlaylist {
        try HLSPlaylist.parse(Array(text.utf8), source: "test.m3u8", limits: limits)
    }

    @Test func readsATwitchStyleLivePlaylist() throws {
        let text = """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:2
            #EXT-X-MEDIA-SEQUENCE:1200
            #EXT-X-DATERANGE:ID="stitched-ad-1",CLASS="twitch-stitched-ad",START-DATE="2026-11-21T10:00:00.000Z",DURATION=30.0
            #EXT-X-PROGRAM-DATE-TIME:2026-11-21T10:00:00.000Z
            #EXTINF:2.000,Amazon|123
            ad-0.ts
            #EXT-X-DISCONTINUITY
            #EXT-X-PROGRAM-DATE-TIME:2026-11-21T10:00:30.000Z
            #EXTINF:2.002,live
            https://video.example/seg-1201.ts
            #EXT-X-KEY:METHOD=AES-128,URI="key.bin",IV=0x000102030405060708090a0b0c0d0e0f
            #EXT-X-BYTERANGE:1000@200
            #EXTINF:2.002,live
            seg-1202.ts
            #EXT-X-TWITCH-PREFETCH:https://video.example/seg-1203.ts
            """
        guard case .media(let media) = try parse(text) else { Issue.record("not a media playlist"); return }
        #expect(media.mediaSequence == 1200 && media.targetDuration == 2 && !media.hasEndList)
        #expect(media.segments.map(\.sequence) == [1200, 1201, 1202])
        #expect(media.segments[0].title == "Amazon|123" && media.segments[1].discontinuity)
        #expect(media.segments[1].programDateTime == "2026-11-21T10:00:30.000Z")
        #expect(media.segments[2].key?.iv == "0x000102030405060708090a0b0c0d0e0f" && media.segments[1].key == nil)
        #expect(media.segments[2].byteRange == HLSByteRange("1000@200"))
        #expect(media.dateRanges.first?.classLabel == "twitch-stitched-ad" && media.dateRanges.first?.duration == 30)
        #expect(media.prefetch == ["https://video.example/seg-1203.ts"])
    }

    @Test func readsAMasterPlaylistWithRenditions() throws {
        let text = """
            #EXTM3U
            #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="chunked",NAME="1080p60 (source)",AUTOSELECT=YES,DEFAULT=YES
            #EXT-X-STREAM-INF:BANDWIDTH=8534030,RESOLUTION=1920x1080,CODECS="avc1.64002A,mp4a.40.2",VIDEO="chunked",FRAME-RATE=59.998
            https://video.example/chunked/index-dvr.m3u8
            #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="720p30",NAME="720p30",AUTOSELECT=YES,DEFAULT=YES
            #EXT-X-STREAM-INF:BANDWIDTH=2373000,RESOLUTION=1280x720,CODECS="avc1.4D401F,mp4a.40.2",VIDEO="720p30",FRAME-RATE=30.000
            https://video.example/720p30/index-dvr.m3u8
            """
        guard case .master(let master) = try parse(text) else { Issue.record("not a master playlist"); return }
        #expect(master.variants.count == 2 && master.renditions.count == 2)
        #expect(master.variants[0].size?.width == 1920 && master.variants[0].frameRate == 59.998)
        #expect(master.variants[0].codecs == "avc1.64002A,mp4a.40.2" && master.variants[1].video == "720p30")
        #expect(master.renditions[0].name == "1080p60 (source)" && master.renditions[0].isDefault)
    }

    @Test(arguments: [
        ("<html><body>403</body></html>", "no #EXTM3U"),
        ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=x,RESOLUTION=1x1\nv.m3u8\n", "BANDWIDTH=x is not a whole number"),
        ("#EXTM3U\n#EXTINF:abc,\na.ts\n", "EXTINF without a duration"),
        ("#EXTM3U\n#EXT-X-BYTERANGE:-5@x\n#EXTINF:1,\na.ts\n", "bad EXT-X-BYTERANGE"),
        ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n#EXTINF:1,\na.ts\n", "neither a master nor a media"),
        ("", "no #EXTM3U"),
    ])
    func refusesWhatIsNotAPlaylist(text: String, reason: String) {
        #expect(throws: HLSPlaylistError.self) { try parse(text) }
        do {
            _ = try parse(text)
        } catch {
            #expect(error.reason.contains(reason), "\(error.reason)")
            #expect(error.location?.hasPrefix("test.m3u8") == true)
        }
    }

    @Test func boundsHostilePlaylists() {
        var limits = HLSPlaylist.Limits()
        limits.segments = 100
        limits.lineLength = 1000
        limits.bytes = 100_000
        let many = "#EXTM3U\n" + String(repeating: "#EXTINF:1,\na.ts\n", count: 101)
        #expect(throws: HLSPlaylistError.self) { try parse(many, limits: limits) }
        let long = "#EXTM3U\n#EXTINF:1,\n" + String(repeating: "a", count: 1001) + "\n"
        #expect(throws: HLSPlaylistError.self) { try parse(long, limits: limits) }
        let big = "#EXTM3U\n" + String(repeating: "# comment\n", count: 10_001)
        #expect(throws: HLSPlaylistError.self) { try parse(big, limits: limits) }
        #expect(throws: HLSPlaylistError.self) {
            try HLSPlaylist.parse([0x23, 0x45, 0x58, 0x54, 0x4d, 0x33, 0x55, 0x0a, 0xff, 0xfe], source: "binary")
        }
    }
}

/// URIs of untrusted playlists made absolute, or refused.
struct HLSReferenceTests {
    @Test(arguments: [
        ("seg-1.ts", "https://cdn.example/vod/123/chunked/seg-1.ts"),
        ("../720p30/seg-1.ts?x=1", "https://cdn.example/vod/123/720p30/seg-1.ts?x=1"),
        ("/keys/k.bin", "https://cdn.example/keys/k.bin"),
        ("https://other.example/a.ts", "https://other.example/a.ts"),
        ("//mirror.example/a.ts", "https://mirror.example/a.ts"),
    ])
    func resolvesAgainstThePlaylist(reference: String, expected: String) throws {
        #expect(try HLSReference.resolve(reference, against: "https://cdn.example/vod/123/chunked/index-dvr.m3u8?sig=s") == expected)
    }

    @Test(arguments: ["file:///etc/passwd", "data:,x", "ftp://h/a.ts", "http://cdn.example/a.ts", "gopher://h/", "https:///nohost.ts"])
    func refusesOtherSchemesAndDowngrades(reference: String) {
        #expect(throws: HLSPlaylistError.self) {
            try HLSReference.resolve(reference, against: "https://cdn.example/vod/index.m3u8")
        }
    }

    @Test func anHTTPPlaylistMayNameHTTPS() throws {
        #expect(try HLSReference.resolve("https://cdn.example/a.ts", against: "http://cdn.example/index.m3u8") == "https://cdn.example/a.ts")
        #expect(try HLSReference.resolve("a.ts", against: "http://127.0.0.1:8080/live/index.m3u8") == "http://127.0.0.1:8080/live/a.ts")
    }
}
