import CNats
import Glibc
import ReelCore

/// A connection to a NATS cluster with its JetStream context: reconnects on its own (to any
/// server of the address, forever, every 250 ms) while calls fail with transient errors.
///
/// One thread uses a connection at a time (libnats itself is thread-safe; this wrapper keeps
/// no state of its own beyond the handles).
public final class BusConnection {
    /// Where it is connected, without credentials.
    public let address: BusAddress
    let connection: OpaquePointer
    let jetStream: OpaquePointer

    /// Connects to `address` as `clientName` (shown by the servers' monitoring), waiting at
    /// most `timeout` seconds for a first server.
    public init(_ address: BusAddress, clientName: String, timeout: Double = 5) throws(ToolError) {
        self.address = address
        var options: OpaquePointer?
        var status = natsOptions_Create(&options)
        guard status == NATS_OK, let options else {
            throw BusError.error(status, doing: "cannot set up a NATS connection")
        }
        defer { natsOptions_Destroy(options) }
        let servers = address.servers.map { strdup($0) }
        defer { servers.forEach { free($0) } }
        var pointers = servers.map { UnsafePointer<CChar>($0) }
        status = pointers.withUnsafeMutableBufferPointer { buffer in
            natsOptions_SetServers(options, buffer.baseAddress, Int32(buffer.count))
        }
        if status == NATS_OK { status = natsOptions_SetName(options, clientName) }
        if status == NATS_OK { status = natsOptions_SetTimeout(options, Int64(timeout * 1000)) }
        if status == NATS_OK { status = natsOptions_SetMaxReconnect(options, -1) }
        if status == NATS_OK { status = natsOptions_SetReconnectWait(options, 250) }
        if status == NATS_OK { status = natsOptions_SetPingInterval(options, 2000) }
        if status == NATS_OK { status = natsOptions_SetMaxPingsOut(options, 3) }
        if status == NATS_OK, let user = address.user {
            status = natsOptions_SetUserInfo(options, user, address.password)
        }
        if status == NATS_OK, let creds = address.credsFile {
            status = natsOptions_SetUserCredentialsFromFiles(options, creds, nil)
        }
        guard status == NATS_OK else {
            throw BusError.error(status, doing: "cannot set up a NATS connection", at: address.description, failure: .badUsage)
        }
        var connection: OpaquePointer?
        status = natsConnection_Connect(&connection, options)
        guard status == NATS_OK, let connection else {
            throw BusError.error(status, doing: "cannot connect", at: address.description)
        }
        var jetStream: OpaquePointer?
        status = natsConnection_JetStream(&jetStream, connection, nil)
        guard status == NATS_OK, let jetStream else {
            natsConnection_Destroy(connection)
            throw BusError.error(status, doing: "no JetStream context", at: address.description)
        }
        self.connection = connection
        self.jetStream = jetStream
    }

    deinit {
        jsCtx_Destroy(jetStream)
        natsConnection_Close(connection)
        natsConnection_Destroy(connection)
    }

    /// What a stream keeps, when `ensureStream` creates it.
    public struct StreamSettings: Sendable {
        /// Copies of each message in the cluster (1 to 5; 3 survives a server's loss).
        public var replicas = 1
        /// How long a message id is remembered for de-duplication, in seconds.
        public var duplicateWindow = 600.0
        /// How long messages are kept, in seconds (0: until the limits below).
        public var maximumAge = 7 * 86400.0
        /// The largest message, in bytes.
        public var maximumMessageSize = 1 << 20

        /// The defaults above: 1 copy, 10 minutes of message ids, 7 days, 1 MiB.
        public init() {}
    }

    /// Makes sure stream `name` exists, creating it over `subjects` with `settings` when not
    /// (an existing stream is used as it is).
    public func ensureStream(_ name: String, subjects: [String], settings: StreamSettings, allowRollup: Bool = false) throws(ToolError) {
        var info: UnsafeMutablePointer<jsStreamInfo>?
        var code = jsErrCode(rawValue: 0)
        var status = js_GetStreamInfo(&info, jetStream, name, nil, &code)
        if status == NATS_OK {
            jsStreamInfo_Destroy(info)
            return
        }
        guard status == NATS_NOT_FOUND else {
            throw BusError.error(status, doing: "cannot look up stream \(name)", at: address.description, jetStream: code)
        }
        let copies = subjects.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var subjectPointers = copies.map { UnsafePointer<CChar>($0) }
        status = name.withCString { cName in
            subjectPointers.withUnsafeMutableBufferPointer { buffer in
                var config = jsStreamConfig()
                jsStreamConfig_Init(&config)
                config.Name = cName
                config.Subjects = buffer.baseAddress
                config.SubjectsLen = Int32(buffer.count)
                config.Storage = js_FileStorage
                config.Replicas = Int64(settings.replicas)
                config.Duplicates = Int64(settings.duplicateWindow * 1e9)
                config.MaxAge = Int64(settings.maximumAge * 1e9)
                config.MaxMsgSize = Int32(settings.maximumMessageSize)
                config.AllowRollup = allowRollup
                var created: UnsafeMutablePointer<jsStreamInfo>?
                let status = js_AddStream(&created, jetStream, &config, nil, &code)
                jsStreamInfo_Destroy(created)
                return status
            }
        }
        guard status == NATS_OK else {
            throw BusError.error(status, doing: "cannot create stream \(name)", at: address.description, jetStream: code)
        }
    }

    /// Stores `bytes` on `subject` with message id `id` (JetStream drops a repeat of an id
    /// within the stream's duplicate window), waiting at most `wait` seconds for the stream's
    /// answer. Returns the stream sequence and whether it was a duplicate.
    public func publish(_ bytes: [UInt8], to subject: String, id: String, wait: Double) throws(BusCallError) -> (sequence: UInt64, duplicate: Bool) {
        var options = jsPubOptions()
        jsPubOptions_Init(&options)
        options.MaxWait = Int64(wait * 1000)
        var acknowledgement: UnsafeMutablePointer<jsPubAck>?
        var code = jsErrCode(rawValue: 0)
        let status = id.withCString { cID in
            options.MsgId = cID
            return js_Publish(&acknowledgement, jetStream, subject, bytes, Int32(bytes.count), &options, &code)
        }
        guard status == NATS_OK, let acknowledgement else {
            throw BusCallError(status: status, error: BusError.error(status, doing: "cannot publish to \(subject)",
                                                                    at: address.description, jetStream: code))
        }
        defer { jsPubAck_Destroy(acknowledgement) }
        return (acknowledgement.pointee.Sequence, acknowledgement.pointee.Duplicate)
    }
}

extension BusConnection {
    /// Stores `bytes` on `subject` with `headers` (no message id), waiting at most `wait`
    /// seconds for the stream's answer.
    func publish(_ bytes: [UInt8], to subject: String, headers: [String: String], wait: Double) throws(BusCallError) {
        var message: OpaquePointer?
        var status = natsMsg_Create(&message, subject, nil, bytes, Int32(bytes.count))
        guard status == NATS_OK, let message else {
            throw BusCallError(status: status, error: BusError.error(status, doing: "cannot make a message for \(subject)"))
        }
        defer { natsMsg_Destroy(message) }
        for (name, value) in headers where status == NATS_OK {
            status = natsMsgHeader_Set(message, name, value)
        }
        var options = jsPubOptions()
        jsPubOptions_Init(&options)
        options.MaxWait = Int64(wait * 1000)
        var acknowledgement: UnsafeMutablePointer<jsPubAck>?
        var code = jsErrCode(rawValue: 0)
        if status == NATS_OK {
            status = js_PublishMsg(&acknowledgement, jetStream, message, &options, &code)
        }
        jsPubAck_Destroy(acknowledgement)
        guard status == NATS_OK else {
            throw BusCallError(status: status, error: BusError.error(status, doing: "cannot publish to \(subject)",
                                                                    at: address.description, jetStream: code))
        }
    }
}
