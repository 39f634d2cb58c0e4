import Glibc
import ReelCore

/// A clip bin: a folder holding the clips (`clips/ID.mp4`) and their ledger (`bin.ndjson`).
///
/// Every change is a locked read-modify-write: an exclusive `flock(2)` on `bin.lock`, the
/// ledger read, changed, and written back atomically and durably (a temporary file, fsync,
/// rename), so concurrent runs never lose a record and a crash leaves the old or the new
/// ledger, never half of one.
public struct ClipBin: Sendable {
    /// The bin's folder, as given.
    public let folder: String

    /// Opens the bin at `folder`, making the folder when it does not exist and `create` is
    /// true; otherwise a missing bin is an error (`missingInput`), so reading one never makes it.
    public init(folder: String, create: Bool = true) throws(ToolError) {
        self.folder = folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        guard create else {
            var info = stat()
            guard stat(self.folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw ToolError("no such bin", at: self.folder, failure: .missingInput)
            }
            return
        }
        try AtomicFile.makeFolders(self.folder + "/clips")
    }

    /// The ledger's path.
    public var ledgerPath: String { folder + "/bin.ndjson" }

    /// Where clip `id` is downloaded (or copied) to, relative to the bin: `clips/ID.mp4`, or
    /// with `ext` when it is one of `videoExtensions` (a clip of clip-cut written as MPEG-TS).
    public static func file(of id: String, ext: String = "mp4") -> String {
        let kept = videoExtensions.contains(ext.lowercased()) ? ext.lowercased() : "mp4"
        return "clips/" + String(id.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" }) + "." + kept
    }

    /// The extensions a clip's file keeps in the bin.
    public static let videoExtensions: Set<String> = ["mp4", "m4v", "mov", "mkv", "webm", "ts"]

    /// The path of an entry's file (nil before it is downloaded).
    public func path(of entry: Record) -> String? {
        entry["file"]?.stringValue.map { folder + "/" + $0 }
    }

    /// An entry as a record for other tools: `path` added where it has a file.
    public func record(of entry: Record) -> Record {
        guard let path = path(of: entry) else { return entry }
        var object = entry.object
        object["path"] = .string(path)
        return Record(object)
    }

    /// The ledger as it is now.
    public func read() throws -> ClipLedger {
        try locked { () throws(ToolError) in try load() }
    }

    /// Runs `body` on the ledger under the lock and writes the ledger back when it changed.
    public func update<T>(_ body: (inout ClipLedger) throws -> T) throws -> T {
        try locked { () throws -> T in
            var ledger = try load()
            let before = ledger
            let result = try body(&ledger)
            if ledger != before {
                try AtomicFile.write(ledger.serialized(), to: ledgerPath, durable: true)
            }
            return result
        }
    }

    private func load() throws(ToolError) -> ClipLedger {
        guard access(ledgerPath, F_OK) == 0 else { return ClipLedger() }
        return try ClipLedger.parse(try AtomicFile.read(ledgerPath, limit: 1 << 30), source: ledgerPath)
    }

    /// Runs `body` holding the bin's lock (an exclusive `flock(2)` on `bin.lock`): every
    /// change to the bin's files (the ledger, the accounts, the review decisions) is made so.
    package func locked<T, E: Error>(_ body: () throws(E) -> T) throws -> T {
        let lockPath = folder + "/bin.lock"
        let descriptor = open(lockPath, O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ToolError("cannot open: \(String(cString: strerror(errno)))", at: lockPath, failure: .ioFailed)
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw ToolError("cannot lock: \(String(cString: strerror(errno)))", at: lockPath, failure: .ioFailed)
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
