import CNats
import ReelCore

/// A lease on a key of a JetStream key-value bucket whose entries expire after the lease time
/// (the bucket's TTL): held while renewed, free again when its holder stops renewing (dies)
/// for a lease time. Taking and renewing are compare-and-set on the key's revision, so two
/// holders never both succeed.
public final class BusLease {
    let store: OpaquePointer
    /// The key.
    public let key: String
    /// Who holds the key when this lease does.
    public let holder: String
    var revision: UInt64 = 0

    /// The lease `key` of bucket `bucket` (created with a TTL of `leaseTime` seconds and
    /// `replicas` copies when missing), for `holder`.
    public init(_ connection: BusConnection, bucket: String, key: String, holder: String, leaseTime: Double,
                replicas: Int) throws(ToolError) {
        guard BusAddress.isValidName(bucket, wildcards: false), !bucket.contains(".") else {
            throw ToolError("\"\(bucket.prefix(80))\" is not a bucket name (letters, digits, - and _)", failure: .badUsage)
        }
        guard BusAddress.isValidName(key, wildcards: false) else {
            throw ToolError("\"\(key.prefix(80))\" is not a key (letters, digits, - and _, dots between)", failure: .badUsage)
        }
        self.key = key
        self.holder = holder
        var store: OpaquePointer?
        var status = js_KeyValue(&store, connection.jetStream, bucket)
        if status == NATS_NOT_FOUND {
            status = bucket.withCString { cBucket in
                var config = kvConfig()
                kvConfig_Init(&config)
                config.Bucket = cBucket
                config.History = 1
                config.TTL = Int64(leaseTime * 1e9)
                config.Replicas = Int32(replicas)
                config.StorageType = js_FileStorage
                return js_CreateKeyValue(&store, connection.jetStream, &config)
            }
        }
        guard status == NATS_OK, let store else {
            throw BusError.error(status, doing: "cannot open key-value bucket \(bucket)", at: connection.address.description)
        }
        self.store = store
    }

    deinit {
        kvStore_Destroy(store)
    }

    /// Who holds the lease now (nil: nobody).
    public func currentHolder() -> String? {
        var entry: OpaquePointer?
        guard kvStore_Get(&entry, store, key) == NATS_OK, let entry else { return nil }
        defer { kvEntry_Destroy(entry) }
        return kvEntry_ValueString(entry).map { String(cString: $0) }
    }

    /// Takes the lease when it is free; true when this holder has it (taken now, or already).
    public func acquire() -> Bool {
        if revision != 0 { return renew() }
        var newRevision: UInt64 = 0
        guard kvStore_CreateString(&newRevision, store, key, holder) == NATS_OK else { return false }
        revision = newRevision
        return true
    }

    /// Renews the lease (its entry written again, so it does not expire); false when it was
    /// lost (it expired and another took it) or the cluster cannot be reached now.
    public func renew() -> Bool {
        var newRevision: UInt64 = 0
        let status = holder.withCString { value in
            kvStore_Update(&newRevision, store, key, value, Int32(holder.utf8.count), revision)
        }
        guard status == NATS_OK else { return false }
        revision = newRevision
        return true
    }

    /// Gives the lease up (when held), so another can take it at once.
    public func release() {
        guard revision != 0, currentHolder() == holder else { return }
        _ = kvStore_Delete(store, key)
        revision = 0
    }
}
