import CNats
import ReelCore

/// A message pulled from a durable consumer: its bytes, where it stands in the stream, and
/// its acknowledgement.
public final class BusMessage {
    let message: OpaquePointer
    /// The payload (its length is bounded by the stream's largest message).
    public let bytes: [UInt8]
    /// The message's sequence in its stream (0 when the metadata is unreadable).
    public let sequence: UInt64
    /// How many times it was delivered, this one included.
    public let deliveries: UInt64

    init(_ message: OpaquePointer) {
        self.message = message
        let count = Int(natsMsg_GetDataLength(message))
        if count > 0, let data = natsMsg_GetData(message) {
            bytes = data.withMemoryRebound(to: UInt8.self, capacity: count) { Array(UnsafeBufferPointer(start: $0, count: count)) }
        } else {
            bytes = []
        }
        var metadata: UnsafeMutablePointer<jsMsgMetaData>?
        if natsMsg_GetMetaData(&metadata, message) == NATS_OK, let metadata {
            sequence = metadata.pointee.Sequence.Stream
            deliveries = metadata.pointee.NumDelivered
            jsMsgMetaData_Destroy(metadata)
        } else {
            sequence = 0
            deliveries = 0
        }
    }

    deinit {
        natsMsg_Destroy(message)
    }

    /// Acknowledges the message and waits for the server to confirm: once this returns, the
    /// message is not delivered again. A failure (a server away) means it will be, after the
    /// consumer's ack wait.
    public func acknowledge() throws(BusCallError) {
        var code = jsErrCode(rawValue: 0)
        let status = natsMsg_AckSync(message, nil, &code)
        guard status == NATS_OK else {
            throw BusCallError(status: status, error: BusError.error(status, doing: "cannot acknowledge message \(sequence)", jetStream: code))
        }
    }

    /// Tells the server never to deliver this message again (it cannot be handled).
    public func terminate() {
        _ = natsMsg_Term(message, nil)
    }
}
