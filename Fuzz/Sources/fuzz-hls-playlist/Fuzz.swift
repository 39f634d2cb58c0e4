import FuzzDriver
import ReelHLS
import ReelHTTP

/// The fuzz target: libFuzzer drives `test`.
@main
enum FuzzPlaylist {
    static func main() { runFuzzer(test) }
}

/// libFuzzer's entry: one playlist. Parsing must never crash; what parses is named and
/// ranged as hls-fetch would (variant names, byte spans, dates).
/// (Also libFuzzer's `LLVMFuzzerTestOneInput`, which its runtime links to.)
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    guard let playlist = try? HLSPlaylist.parse(bytes, source: "fuzz") else { return 0 }
    switch playlist {
    case .master(let master):
        for variant in master.variants {
            _ = master.name(of: variant)
        }
        _ = master.variant(for: "best")
        _ = master.variant(for: "720p60")
    case .media(let media):
        for segment in media.segments {
            _ = segment.programDateTime.flatMap(ProgramDateTime.seconds)
            if let range = segment.byteRange {
                _ = range.offset.map { $0 + range.length }
            }
        }
        var ads = StitchedAds()
        ads.note(media.dateRanges)
    }
    _ = RetryAfter.seconds(String(decoding: bytes.prefix(64), as: UTF8.self))
    return 0
}
