import Glibc
import ReelCore

/// Records from a durable consumer of a JetStream stream, each acknowledged only after the
/// caller has handled it (hook-post: spooled durably), so a record is never lost when the
/// reader is killed, and one handled but not acknowledged comes again (the caller's own
/// idempotency keys drop it).
///
/// Servers going away are waited out: fetching and acknowledging are tried again, the
/// connection moves to another server of the cluster on its own.
public final class BusRecordSource {
    /// The stream's cluster and name.
    public let address: BusAddress
    let durable: String
    let ackWait: Double
    let connection: BusConnection
    var consumer: BusConsumer?
    /// The largest message taken as a record, in bytes.
    public var maximumMessageSize = 1 << 20
    var lastWarning = ""
    var stores: [String: BusObjectStore] = [:]

    /// Connects to the stream's cluster; the consumer is bound at the first fetch (the stream
    /// may not exist yet).
    public init(_ address: BusAddress, durable: String, ackWait: Double, clientName: String) throws(ToolError) {
        self.address = address
        self.durable = durable
        self.ackWait = ackWait
        connection = try BusConnection(address, clientName: clientName)
    }

    /// Fetches up to `count` messages (waiting at most `timeout` s for the first), calls
    /// `handle` with each record, then acknowledges it when `handle` says so (false: it comes
    /// again after the ack wait). A message that is not a record goes to
    /// `malformed` with its place and is terminated (never delivered again). Transient
    /// trouble (a server away, the stream not there yet) goes to `warning` once per kind and
    /// counts as nothing fetched. Returns how many messages came.
    @discardableResult
    public func pull(_ count: Int, timeout: Double, warning: (String) -> Void,
                     malformed: (String, String) throws -> Void, handle: (Record, String) throws -> Bool) throws -> Int {
        let messages: [BusMessage]
        do throws(BusCallError) {
            if consumer == nil {
                consumer = try BusConsumer(connection, stream: address.name, durable: durable, ackWait: ackWait)
            }
            messages = try consumer?.fetch(count, timeout: timeout) ?? []
        } catch {
            // Bound again at the next fetch: the durable consumer lives on in the cluster.
            if !error.isTransient { consumer = nil }
            note(error.error.reason, warning: warning)
            usleep(UInt32(min(max(timeout, 0.05), 1) * 1e6))
            return 0
        }
        for message in messages {
            let place = "\(address.description):\(message.sequence)"
            guard message.bytes.count <= maximumMessageSize else {
                try malformed("a message of \(message.bytes.count) bytes is larger than the limit of \(maximumMessageSize)", place)
                message.terminate()
                continue
            }
            let record: Record
            do {
                record = try Record.parse(line: message.bytes)
            } catch {
                try malformed("not a record: \(error)", place)
                message.terminate()
                continue
            }
            guard try handle(record, place) else { continue }
            do throws(BusCallError) {
                try message.acknowledge()
            } catch {
                note("\(error.error.reason) (it comes again after the ack wait, and is recognized)", warning: warning)
            }
        }
        if !messages.isEmpty { lastWarning = "" }
        return messages.count
    }

    /// `record` with its file taken from the bus: when it names an object (`object`: bucket,
    /// name, size, sha256, as records-pub --files writes), the object is written to
    /// `folder/NAME` (once) and `path` set to it. Records without `object` are returned as they are.
    public func localize(_ record: Record, into folder: String, maximumSize: Int) throws(ToolError) -> Record {
        guard let object = record["object"]?.objectValue else { return record }
        guard let bucket = object["bucket"]?.stringValue, let name = object["name"]?.stringValue,
              let sha256 = object["sha256"]?.stringValue, BusObjectStore.isObjectName(name),
              let size = (try? object["size"]?.integer("object.size", in: 0...maximumSize)) ?? nil else {
            throw ToolError("the record's object is not bucket, name, size (at most \(maximumSize)) and sha256", failure: .badInput)
        }
        let path = folder + "/" + name
        var fields = record.object
        fields["path"] = .string(path)
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == size {
            return Record(fields)
        }
        let store: BusObjectStore
        if let known = stores[bucket] {
            store = known
        } else {
            store = try BusObjectStore(connection, bucket: bucket, replicas: 1)
            stores[bucket] = store
        }
        try AtomicFile.makeFolders(folder)
        try store.get(BusObjectStore.Object(name: name, size: size, sha256: sha256), to: path, maximumSize: maximumSize)
        return Record(fields)
    }

    private func note(_ text: String, warning: (String) -> Void) {
        let kind = String(text.prefix(40))
        guard kind != lastWarning else { return }
        lastWarning = kind
        warning(text)
    }
}
