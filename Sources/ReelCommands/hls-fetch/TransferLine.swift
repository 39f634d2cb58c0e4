import ReelCore
import ReelHLS

extension FetchTransfer {
    /// What `--verbose` says of a transfer after its URL: `segment 41: 188000 bytes in
    /// 0.121 s`, `playlist: 2345 bytes in 0.004 s (media, 12 segments, ended)`, `segment 7:
    /// 0 bytes in 0.002 s: HTTP 503: trying again in 0.25 s (attempt 2 of 5)`.
    var line: String {
        let time = RecordTemplate.shortest((seconds * 1000).rounded() / 1000)
        var line = "\(what): \(bytes) bytes in \(time) s"
        if let detail {
            line += " (\(detail))"
        }
        if let problem {
            line += ": \(problem)"
        }
        return line
    }
}
