import ReelCore

/// The clips of a bin, each once, with its status: the contents of `bin.ndjson`.
///
/// An entry is a `clip` record (reel-records(5)) plus `status` (`found`, `downloaded`, `used`,
/// `missing`), and once downloaded `file` (relative to the bin) and `bytes`. A clip of clip-cut
/// carries the id made for it (`ClipIdentity`) and `imported_from`, the file it was copied from.
public struct ClipLedger: Sendable, Equatable {
    /// The statuses a clip goes through.
    public enum Status: String, Sendable, CaseIterable {
        case found, downloaded, used, missing
    }

    /// What adding a clip did.
    public enum Addition: Sendable, Equatable {
        /// A new clip, now `found`.
        case added(Record)
        /// A clip with this id was there: its details were refreshed, its status kept.
        case known(Record)
        /// Another clip of the same moment of the same VOD is there (its id).
        case duplicate(of: String)
    }

    /// The entries, in the order they were added.
    public private(set) var entries: [Record] = []

    public init(entries: [Record] = []) {
        self.entries = entries
    }

    /// The entry of clip `id`.
    public func entry(_ id: String) -> Record? {
        entries.first { $0["id"]?.stringValue == id }
    }

    /// The status of an entry.
    public static func status(of entry: Record) -> Status? {
        entry["status"]?.stringValue.flatMap(Status.init(rawValue:))
    }

    /// Adds a clip record (one with an `id`) as `found`, unless it is there already (by id) or
    /// another clip covers the same moment of the same VOD: `video_id` equal and the two spans
    /// `[vod_offset, vod_offset + duration]` overlapping by half the shorter one or more.
    public mutating func add(_ clip: Record) -> Addition? {
        guard let id = clip["id"]?.stringValue, !id.isEmpty else { return nil }
        if let index = entries.firstIndex(where: { $0["id"]?.stringValue == id }) {
            var object = entries[index].object
            for member in clip.object where !Self.ledgerFields.contains(member.key) {
                object[member.key] = member.value
            }
            entries[index] = Record(object)
            return .known(entries[index])
        }
        if let twin = entries.first(where: { Self.sameMoment($0, clip) }), let twinID = twin["id"]?.stringValue {
            return .duplicate(of: twinID)
        }
        var object = JSONObject()
        for member in clip.object where !Self.ledgerFields.contains(member.key) {
            object[member.key] = member.value
        }
        object["status"] = .string(Status.found.rawValue)
        entries.append(Record(object))
        return .added(entries[entries.count - 1])
    }

    /// Sets clip `id`'s status (and `file` and `bytes` when given); returns the entry.
    @discardableResult
    public mutating func set(_ id: String, to status: Status, file: String? = nil, bytes: Int? = nil) -> Record? {
        guard let index = entries.firstIndex(where: { $0["id"]?.stringValue == id }) else { return nil }
        var object = entries[index].object
        object["status"] = .string(status.rawValue)
        if let file { object["file"] = .string(file) }
        if let bytes { object["bytes"] = JSONValue(bytes) }
        entries[index] = Record(object)
        return entries[index]
    }

    /// Fields the ledger owns: a clip record coming in does not set them.
    static let ledgerFields: Set<String> = ["status", "file", "bytes", "path", "bin_status", "duplicate_of"]

    /// Whether two clips show the same moment of the same VOD (Twitch clips), or of the same
    /// source (clips of clip-cut: `source` equal and `[start, end]` overlapping by half the
    /// shorter one or more).
    static func sameMoment(_ a: Record, _ b: Record) -> Bool {
        if let source = a["source"]?.stringValue, !source.isEmpty, b["source"]?.stringValue == source,
           let startA = a["start"]?.doubleValue, let endA = a["end"]?.doubleValue,
           let startB = b["start"]?.doubleValue, let endB = b["end"]?.doubleValue, endA > startA, endB > startB {
            let overlap = min(endA, endB) - max(startA, startB)
            return overlap >= 0.5 * min(endA - startA, endB - startB)
        }
        guard let video = a["video_id"]?.stringValue, !video.isEmpty, b["video_id"]?.stringValue == video,
              let startA = a["vod_offset"]?.doubleValue, let startB = b["vod_offset"]?.doubleValue else { return false }
        let lengthA = a["duration"]?.doubleValue ?? 30, lengthB = b["duration"]?.doubleValue ?? 30
        let overlap = min(startA + lengthA, startB + lengthB) - max(startA, startB)
        return overlap >= 0.5 * min(lengthA, lengthB)
    }

    /// The ledger's text: one entry a line.
    public func serialized() -> [UInt8] {
        entries.flatMap { $0.serialized() + [10] }
    }

    /// The ledger in `bytes`. A line that is not a clip record with a non-empty id, a second
    /// entry for an id, a status that is not one of `Status`, or a `file` that is not
    /// `clips/NAME` (a name of letters, digits, `.`, `_` and `-`, not starting with a dot: no
    /// way out of the bin) is an error naming its line (the ledger is never rewritten with it).
    public static func parse(_ bytes: [UInt8], source: String) throws(ToolError) -> ClipLedger {
        var ledger = ClipLedger()
        var seen = Set<String>()
        var number = 0
        for line in bytes.split(separator: 10, omittingEmptySubsequences: false) {
            number += 1
            guard !line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) else { continue }
            let place = "\(source):\(number)"
            guard let record = try? Record.parse(line: line), let id = record["id"]?.stringValue, !id.isEmpty else {
                throw ToolError("not a clip record with an id: fix or remove it (the ledger is left as it is)",
                                at: place, failure: .badInput)
            }
            guard seen.insert(id).inserted else {
                throw ToolError("clip \(id) is in the ledger twice: fix or remove a line (the ledger is left as it is)",
                                at: place, failure: .badInput)
            }
            if let status = record["status"], status.stringValue.flatMap(Status.init(rawValue:)) == nil {
                throw ToolError("clip \(id) has status \(status), not found, downloaded, used or missing", at: place,
                                failure: .badInput)
            }
            if let file = record["file"], !(file.stringValue.map(isBinFile) ?? false) {
                throw ToolError("clip \(id) has file \(file), not clips/NAME inside the bin", at: place, failure: .badInput)
            }
            ledger.entries.append(record)
        }
        return ledger
    }

    /// Whether `file` names a file in the bin's `clips/` folder and nowhere else.
    static func isBinFile(_ file: String) -> Bool {
        guard file.hasPrefix("clips/") else { return false }
        let name = file.dropFirst("clips/".count)
        return !name.isEmpty && !name.hasPrefix(".")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
    }
}
