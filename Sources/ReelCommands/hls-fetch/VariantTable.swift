import Glibc
import ReelCore
import ReelHLS
import ReelHTTP

/// `hls-fetch --list` for a person at a terminal: one line per variant, in playlist order,
/// under a header; the ones `best` and `worst` pick are marked, as streamlink marks them.
///
/// ```
/// NAME             RESOLUTION  BANDWIDTH  CODECS                 FPS     URL
/// 1080p60          1920x1080   ?          avc1.64002A,mp4a.40.2  59.993  https://cdn.example/…/chunked.m3u8
/// 720p60 (best)    1280x720    3.0 Mb/s   avc1.4D0020,mp4a.40.2  59.993  https://cdn.example/…/720p60.m3u8
/// ```
struct VariantTable {
    /// The cells, a row per variant.
    let rows: [[String]]

    static let header = ["NAME", "RESOLUTION", "BANDWIDTH", "CODECS", "FPS", "URL"]

    /// The table of `master`'s variants, their URLs made absolute against `base` (and
    /// redacted).
    init(_ master: HLSMasterPlaylist, base: String) {
        let best = master.variant(for: "best")
        let worst = master.variant(for: "worst")
        rows = master.variants.map { variant in
            var name = master.name(of: variant)
            if variant == best {
                name += " (best)"
            } else if variant == worst {
                name += " (worst)"
            }
            let resolution = variant.size.map { "\($0.width)x\($0.height)" } ?? "-"
            let frameRate = variant.frameRate.map { RecordTemplate.shortest(($0 * 1000).rounded() / 1000) } ?? "-"
            let absolute = (try? HLSReference.resolve(variant.uri, against: base)) ?? variant.uri
            return [name, resolution, Self.bandwidth(variant.knownBandwidth), variant.codecs ?? "-", frameRate,
                    URLRedaction.redact(absolute)]
        }
    }

    /// `8.5 Mb/s`, `700 kb/s`, `?` when unknown.
    static func bandwidth(_ bitsPerSecond: Int?) -> String {
        guard let bitsPerSecond else { return "?" }
        if bitsPerSecond >= 1_000_000 {
            let tenths = (bitsPerSecond + 50_000) / 100_000
            return "\(tenths / 10).\(tenths % 10) Mb/s"
        }
        return "\((bitsPerSecond + 500) / 1000) kb/s"
    }

    /// The table as text, `width` columns wide at most where it can be: long names and codecs
    /// are cut, and the URL shortened in its middle to what is left (at least 24 characters).
    func text(width: Int) -> String {
        let limits = [32, 11, 10, 32, 8]
        let cells = ([Self.header] + rows).map { row in
            row.enumerated().map { column, cell in
                column < limits.count ? Self.shortened(cell, to: limits[column], keepingEnd: false) : cell
            }
        }
        let widths = (0..<(Self.header.count - 1)).map { column in cells.map { $0[column].count }.max() ?? 0 }
        let used = widths.reduce(0) { $0 + $1 + 2 }
        let room = max(24, width - used)
        return cells.map { row in
            var line = ""
            for (column, cell) in row.enumerated() {
                if column < widths.count {
                    line += cell + String(repeating: " ", count: widths[column] - cell.count + 2)
                } else {
                    line += Self.shortened(cell, to: room, keepingEnd: true)
                }
            }
            return line + "\n"
        }.joined()
    }

    /// `text` at most `length` characters: cut at the end with `…`, or with `keepingEnd` cut in
    /// the middle (a URL keeps its host and its file name).
    static func shortened(_ text: String, to length: Int, keepingEnd: Bool) -> String {
        guard text.count > length, length > 1 else { return text }
        guard keepingEnd else { return String(text.prefix(length - 1)) + "…" }
        let tail = (length - 1) / 2
        return String(text.prefix(length - 1 - tail)) + "…" + String(text.suffix(tail))
    }

    /// The width of the terminal on stdout (`COLUMNS`, else 100 when it cannot be had).
    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        if let text = getenv("COLUMNS").map({ String(cString: $0) }), let columns = Int(text), (20...1000).contains(columns) {
            return columns
        }
        return 100
    }
}
