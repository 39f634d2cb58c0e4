import Glibc
import ReelCore
import ReelHLS
import ReelHTTP
import ReelTwitch

/// How one clip's download ended.
public enum ClipDownloadResult: Sendable {
    /// Downloaded: the entry now.
    case downloaded(Record)
    /// Could not be had: the clip's id and why.
    case failed(id: String, error: ToolError)
}

extension ClipBin {
    /// Downloads the clips that are `found` or `missing` (only `ids` when given; a clip of
    /// clip-cut is copied again from the file it came from) into `clips/ID.mp4`, the rendition `quality` asks for, and marks each `downloaded` as soon as
    /// its file is complete; `report` hears of each. The ledger is locked only to read and to
    /// mark, never during a download, so other runs go on.
    public func download(_ ids: Set<String>? = nil, quality: String = "best", access: TwitchAccess,
                         downloader: ClipDownload, report: (ClipDownloadResult) throws -> Void) throws {
        let waiting = try read().entries.filter { entry in
            let status = ClipLedger.status(of: entry)
            guard status == .found || status == .missing, let id = entry["id"]?.stringValue else { return false }
            return ids.map { $0.contains(id) } ?? true
        }
        if !waiting.isEmpty {
            try AtomicFile.makeFolders(folder + "/clips")
        }
        for entry in waiting {
            guard let id = entry["id"]?.stringValue else { continue }
            let file = Self.file(of: id)
            do {
                if let source = entry["imported_from"]?.stringValue {
                    // A clip of clip-cut: copied again from where it came from, if it is there.
                    if let marked = try importFile(source, as: id) {
                        try report(.downloaded(marked))
                    }
                    continue
                }
                let renditions = try access.clipRenditions(slug: id)
                guard let rendition = TwitchAccess.rendition(quality, of: renditions) else {
                    throw ToolError("no rendition \(quality) (there are \(renditions.map { $0.quality }.joined(separator: ", ")))",
                                    at: "clip \(id)", failure: .unavailable)
                }
                let bytes = try downloader.fetch(rendition.url, to: folder + "/" + file, name: "clip \(id)")
                let marked = try update { ledger in ledger.set(id, to: .downloaded, file: file, bytes: bytes) }
                if let marked {
                    try report(.downloaded(marked))
                }
            } catch let error as ToolError {
                try report(.failed(id: id, error: error))
            } catch let error as HLSFetchError {
                try report(.failed(id: id, error: ToolError(error.reason, at: error.location, failure: error.failure)))
            } catch let error as NetError {
                try report(.failed(id: id, error: ToolError(error.reason, at: "clip \(id)", failure: error.failure)))
            }
        }
    }

    /// Marks `missing` every `downloaded` or `used` clip whose file is gone; returns those entries.
    public func check() throws -> [Record] {
        try update { ledger in
            var changed: [Record] = []
            for entry in ledger.entries {
                let status = ClipLedger.status(of: entry)
                guard status == .downloaded || status == .used, let id = entry["id"]?.stringValue else { continue }
                if let path = path(of: entry), access(path, F_OK) == 0 { continue }
                if let marked = ledger.set(id, to: .missing) {
                    changed.append(marked)
                }
            }
            return changed
        }
    }
}
