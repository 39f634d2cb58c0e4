import Foundation
import Glibc
import ReelClipBin
import ReelCore
import ReelMedia

/// The clips of a bin one reviews: downloaded or used, their file there, in the ledger's
/// order; and their edits as clip records for compile-clips. The page, the server and export
/// all take them from here.
struct ReviewClips {
    let bin: ClipBin
    /// The bin's records (with `path`), each with its id.
    let records: [Record]
    /// Poster frames made for clips without a thumbnail of their own: id to the file in the
    /// bin (`clips/ID.poster.png`).
    let posters: [String: String]

    /// The clips of the bin at `folder`; a gone file is `warn`ed about and left out.
    init(folder: String, warn: (String, String) -> Void) throws {
        guard FileManager.default.fileExists(atPath: folder + "/bin.ndjson") else {
            throw ToolError("no bin here (bin.ndjson is missing)", at: folder, failure: .missingInput)
        }
        bin = try ClipBin(folder: folder, create: false)
        var records: [Record] = []
        for entry in try bin.read().entries {
            let status = ClipLedger.status(of: entry)
            guard status == .downloaded || status == .used, let path = bin.path(of: entry), entry["id"]?.stringValue != nil else { continue }
            guard FileManager.default.fileExists(atPath: path) else {
                warn("file is gone (clip-bin check marks it missing): left out", path)
                continue
            }
            var record = bin.record(of: entry).object
            record["path"] = .string(URL(fileURLWithPath: path).standardizedFileURL.path)
            records.append(Record(record))
        }
        guard !records.isEmpty else {
            throw ToolError("no downloaded clip to review (clip-bin download first)", at: folder, failure: .missingInput)
        }
        self.records = records
        var posters: [String: String] = [:]
        for record in records where record["thumbnail_url"]?.stringValue == nil {
            guard let id = record["id"]?.stringValue, let file = record["file"]?.stringValue,
                  let path = record["path"]?.stringValue, let dot = file.lastIndex(of: ".") else { continue }
            let poster = String(file[..<dot]) + ".poster.png"
            let posterPath = bin.folder + "/" + poster
            var info = stat()
            if lstat(posterPath, &info) != 0 {
                do {
                    try AtomicFile.write(try PosterFrame.png(of: path), to: posterPath)
                } catch let error as MediaError {
                    warn("no poster frame: \(error.reason)", path)
                    continue
                }
            } else if info.st_mode & S_IFMT != S_IFREG {
                continue
            }
            posters[id] = poster
        }
        self.posters = posters
    }

    /// The clip records with the edits of `states` (by id): keep (false for skipped clips
    /// and, with `reviewed: false`, for those not reviewed), trim_start, trim_end, volume,
    /// and `reviewed_by` and `reviewed_at`; in the compilation's order (by position, then
    /// the bin's).
    func edited(with states: [String: ReviewLedger.State]) -> [Record] {
        typealias Field = ClipRecord.Field
        let ordered = records.enumerated().sorted { a, b in
            let pa = states[ClipRecord(unchecked: a.element).id ?? ""]?.position ?? Double(a.offset)
            let pb = states[ClipRecord(unchecked: b.element).id ?? ""]?.position ?? Double(b.offset)
            return pa != pb ? pa < pb : a.offset < b.offset
        }
        return ordered.map { _, record in
            var object = record.object
            let state = states[ClipRecord(unchecked: record).id ?? ""] ?? ReviewLedger.State()
            object[Field.keep.rawValue] = .bool(state.keep == true)
            if state.keep == nil { object[Field.reviewed.rawValue] = .bool(false) }
            if state.trimStart > 0 { object[Field.trimStart.rawValue] = JSONValue(state.trimStart) }
            if state.trimEnd > 0 { object[Field.trimEnd.rawValue] = JSONValue(state.trimEnd) }
            if state.volume != 1 { object[Field.volume.rawValue] = JSONValue(state.volume) }
            if let by = state.by { object[Field.reviewedBy.rawValue] = .string(by) }
            if let at = state.at { object[Field.reviewedAt.rawValue] = .string(at) }
            return Record(object)
        }
    }
}
