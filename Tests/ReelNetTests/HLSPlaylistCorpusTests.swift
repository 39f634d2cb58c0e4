import Foundation
import ReelHLS
import ReelTestSupport
import Testing

/// The playlist parser against the corpus in Tests/Fixtures/hls-playlists: what it reads
/// agrees with the reference readings (m3u8 6.0.0) field by field.
struct HLSPlaylistCorpusTests {
    static var folder: URL? { Repository.fixtures.appendingPathComponent("hls-playlists") }

    static var names: [String] {
        guard let folder, let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return files.filter { $0.hasSuffix(".m3u8") }.map { String($0.dropLast(5)) }.sorted()
    }

    // Where reel reads differently from the reference, on purpose:
    // - an EXTINF with no URI after it (the end of a live playlist caught mid-write, or LL-HLS
    //   parts of a segment not yet complete) is not a segment: there is nothing to fetch; the
    //   reference lists it with no URI (low-latency-*, *-in-part-*, playlist-with-slash-in-query-string);
    // - METHOD=NONE is no key at all; the reference keeps {method: NONE} on the segments.

    func parse(_ name: String) throws -> Result<HLSPlaylist, HLSPlaylistError> {
        let url = try #require(Self.folder).appendingPathComponent(name + ".m3u8")
        let bytes = [UInt8](try Data(contentsOf: url))
        do {
            return .success(try HLSPlaylist.parse(bytes, source: name))
        } catch {
            return .failure(error)
        }
    }

    /// Seconds since 1970 of an ISO 8601 date (`Z`, `+00:00`, fractions), for comparing.
    func epoch(_ text: String) -> Double? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)?.timeIntervalSince1970
    }

    @Test func theCorpusIsThere() {
        #expect(Self.names.count >= 90, "Tests/Fixtures/hls-playlists")
    }

    @Test(arguments: names)
    func readsLikeTheReference(name: String) throws {
        let folder = try #require(Self.folder)
        let expectedURL = folder.appendingPathComponent(name + ".expected.json")
        let parsed = try parse(name)
        guard FileManager.default.fileExists(atPath: expectedURL.path) else {
            // The reference refuses these: reel must read them or refuse them cleanly.
            if case .failure(let error) = parsed { #expect(!error.reason.isEmpty) }
            return
        }
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL)) as? [String: Any])
        let playlist = try parsed.get()
        let isVariant = expected["is_variant"] as? Bool ?? false
        switch playlist {
        case .master(let master):
            #expect(isVariant)
            let variants = expected["variants"] as? [[String: Any]] ?? []
            #expect(master.variants.count == variants.count)
            for (mine, theirs) in zip(master.variants, variants) {
                #expect(mine.uri == theirs["uri"] as? String)
                #expect(mine.bandwidth == theirs["bandwidth"] as? Int)
                #expect(mine.averageBandwidth == theirs["average_bandwidth"] as? Int)
                #expect(mine.resolution == theirs["resolution"] as? String)
                #expect(mine.frameRate == theirs["frame_rate"] as? Double)
                #expect(mine.codecs == theirs["codecs"] as? String)
            }
            let renditions = expected["media"] as? [[String: Any]] ?? []
            #expect(master.renditions.count == renditions.count)
            for (mine, theirs) in zip(master.renditions, renditions) {
                #expect(mine.type == theirs["type"] as? String && mine.groupID == theirs["group_id"] as? String)
                #expect(mine.name == theirs["name"] as? String && mine.language == theirs["language"] as? String)
                #expect(mine.uri == theirs["uri"] as? String)
                #expect(mine.isDefault == ((theirs["default"] as? String) == "YES"))
            }
        case .media(let media):
            #expect(!isVariant)
            #expect(media.hasEndList == (expected["is_endlist"] as? Bool ?? false))
            #expect(media.targetDuration == (expected["target_duration"] as? NSNumber)?.doubleValue)
            #expect(media.mediaSequence == expected["media_sequence"] as? Int)
            #expect(media.playlistType == expected["playlist_type"] as? String)
            let segments = (expected["segments"] as? [[String: Any]] ?? []).filter { $0["uri"] is String }
            #expect(media.segments.count == segments.count)
            for (mine, theirs) in zip(media.segments, segments) {
                #expect(mine.uri == theirs["uri"] as? String)
                #expect(abs(mine.duration - ((theirs["duration"] as? NSNumber)?.doubleValue ?? -1)) < 1e-9)
                #expect(mine.title == theirs["title"] as? String)
                #expect(mine.byteRange?.text == theirs["byterange"] as? String)
                #expect(mine.discontinuity == (theirs["discontinuity"] as? Bool ?? false))
                #expect(mine.isGap == (theirs["gap"] as? Bool ?? false))
                let date = theirs["program_date_time"] as? String
                #expect((mine.programDateTime == nil) == (date == nil))
                if let mineDate = mine.programDateTime, let date {
                    #expect(abs((epoch(mineDate) ?? -1) - (epoch(date) ?? -2)) < 1e-3, "\(mineDate) vs \(date)")
                }
                let key = (theirs["key"] as? [String: Any]).flatMap { $0["method"] as? String == "NONE" ? nil : $0 }
                #expect(mine.key?.method == key?["method"] as? String)
                #expect(mine.key?.uri == key?["uri"] as? String)
                #expect(mine.key?.iv?.lowercased() == (key?["iv"] as? String)?.lowercased())
                let map = theirs["map"] as? [String: Any]
                #expect(mine.map?.uri == map?["uri"] as? String)
                #expect(mine.map?.byteRange?.text == map?["byterange"] as? String)
            }
        }
    }
}
