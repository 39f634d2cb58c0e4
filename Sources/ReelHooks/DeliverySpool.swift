import Foundation
import Glibc
import ReelCore

/// Deliveries kept on disk so that none is lost or done twice across crashes and restarts.
///
/// `pending/KEY.json` is written durably (fsync of file and folder) before the first attempt;
/// after success `done/KEY.json` (the `post` record) is written durably and the pending file
/// removed. A permanent failure goes to `dead.ndjson` (appended, fsync'd) with the answer.
public final class DeliverySpool {
    public let folder: String

    public init(folder: String) throws(ToolError) {
        self.folder = folder
        try AtomicFile.makeFolders(folder + "/pending")
        try AtomicFile.makeFolders(folder + "/done")
        // Half-written files of a run killed while writing (the real ones were not replaced).
        for part in ["pending", "done"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: "\(folder)/\(part)")) ?? []
            for name in names where name.contains(".json.part-") {
                unlink("\(folder)/\(part)/\(name)")
            }
        }
    }

    /// Whether a delivery is done, as its file in `done/` says.
    public enum Done: Sendable, Equatable {
        case notDone
        /// Done: its `post` record.
        case done(Record)
        /// Done (the file is there) but what it holds is not a post record: why.
        case damaged(String)
    }

    /// Whether the delivery with `key` is done. A damaged file still means done: a delivery
    /// is never sent twice.
    public func done(_ key: String) -> Done {
        let path = "\(folder)/done/\(key).json"
        var info = stat()
        guard lstat(path, &info) == 0 else { return .notDone }
        guard let bytes = try? AtomicFile.read(path, limit: 1 << 20),
              let record = try? Record.parse(line: bytes.filter { $0 != 0x0A }), record.type == PostRecord.type else {
            return .damaged("\(path) is damaged (not a post record): the delivery counts as done and is not sent again")
        }
        return .done(record)
    }

    /// Whether a delivery is waiting in the spool.
    public func isPending(_ key: String) -> Bool {
        access("\(folder)/pending/\(key).json", F_OK) == 0
    }

    /// Deliveries left pending by an earlier run, oldest first, and the files of `pending/`
    /// that are not spooled deliveries (each with why: they stay, and are reported).
    public func pending() -> (deliveries: [Delivery], damaged: [String]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/pending")) ?? []
        let paths = names.filter { $0.hasSuffix(".json") }.map { "\(folder)/pending/\($0)" }
        let dated = paths.map { path -> (String, Double) in
            var info = stat()
            stat(path, &info)
            return (path, Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
        }
        var deliveries: [Delivery] = []
        var damaged: [String] = []
        for (path, _) in dated.sorted(by: { $0.1 < $1.1 }) {
            guard let bytes = try? AtomicFile.read(path, limit: 64 << 20),
                  case .object(let object)? = try? JSONParser.parse(bytes), let delivery = Delivery(spooled: object) else {
                damaged.append("\(path) is not a spooled delivery: left in place, not sent")
                continue
            }
            deliveries.append(delivery)
        }
        return (deliveries, damaged)
    }

    /// Keeps a delivery durably before its first attempt.
    public func add(_ delivery: Delivery) throws(ToolError) {
        try AtomicFile.write(delivery.spooled.serialized() + [0x0A], to: "\(folder)/pending/\(delivery.key).json", durable: true)
    }

    /// Marks a delivery done with its `post` record.
    public func markDone(_ key: String, post: Record) throws(ToolError) {
        try AtomicFile.write(post.serialized() + [0x0A], to: "\(folder)/done/\(key).json", durable: true)
        forgetPending(key)
    }

    /// Takes a delivery out of pending (one found done: its run was killed before it could).
    public func forgetPending(_ key: String) {
        unlink("\(folder)/pending/\(key).json")
        Self.syncFolder(folder + "/pending")
    }

    /// Moves a delivery that cannot succeed to the dead letters with why.
    public func markDead(_ delivery: Delivery, post: Record, response: String) throws(ToolError) {
        var entry = delivery.spooled
        entry["post"] = .object(post.object)
        entry["response"] = .string(response)
        let path = folder + "/dead.ndjson"
        let descriptor = try AtomicFile.openForUpdate(path, append: true)
        defer { close(descriptor) }
        let line = entry.serialized() + [0x0A]
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(descriptor) == 0 else {
            throw ToolError("cannot write: \(String(cString: strerror(errno)))", at: path, failure: .ioFailed)
        }
        unlink("\(folder)/pending/\(delivery.key).json")
        Self.syncFolder(folder + "/pending")
    }

    static func syncFolder(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
