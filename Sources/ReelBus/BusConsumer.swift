import CNats
import ReelCore

/// A durable pull consumer on a stream: every message is delivered until acknowledged
/// (again after `ackWait` when not), to whichever process pulls with the same durable name.
/// The durable's name is the old bot's consumer group: one per receiving side.
public final class BusConsumer {
    let subscription: OpaquePointer
    /// `STREAM/DURABLE`, for messages.
    public let place: String

    /// Binds to durable consumer `durable` of `stream`, creating it when missing (explicit
    /// acknowledgements, redelivered after `ackWait` seconds, at most `maximumPending`
    /// unacknowledged at a time).
    public init(_ connection: BusConnection, stream: String, durable: String, ackWait: Double,
                maximumPending: Int = 256) throws(BusCallError) {
        place = "\(connection.address.servers.first ?? "")/\(stream)/\(durable)"
        var code = jsErrCode(rawValue: 0)
        var info: UnsafeMutablePointer<jsConsumerInfo>?
        var status = js_GetConsumerInfo(&info, connection.jetStream, stream, durable, nil, &code)
        if status == NATS_OK {
            jsConsumerInfo_Destroy(info)
        } else if status == NATS_NOT_FOUND {
            status = durable.withCString { cDurable in
                var config = jsConsumerConfig()
                jsConsumerConfig_Init(&config)
                config.Durable = cDurable
                config.AckPolicy = js_AckExplicit
                config.DeliverPolicy = js_DeliverAll
                config.AckWait = Int64(ackWait * 1e9)
                config.MaxDeliver = -1
                config.MaxAckPending = Int64(maximumPending)
                var created: UnsafeMutablePointer<jsConsumerInfo>?
                let status = js_AddConsumer(&created, connection.jetStream, stream, &config, nil, &code)
                jsConsumerInfo_Destroy(created)
                return status
            }
        }
        guard status == NATS_OK else {
            throw BusCallError(status: status, error: BusError.error(status, doing: "cannot set up consumer \(durable) of stream \(stream)",
                                                                    at: connection.address.description, jetStream: code))
        }
        var subscription: OpaquePointer?
        status = stream.withCString { cStream in
            durable.withCString { cDurable in
                var options = jsSubOptions()
                jsSubOptions_Init(&options)
                options.Stream = cStream
                options.Consumer = cDurable
                return js_PullSubscribe(&subscription, connection.jetStream, nil, cDurable, nil, &options, &code)
            }
        }
        guard status == NATS_OK, let subscription else {
            throw BusCallError(status: status, error: BusError.error(status, doing: "cannot pull from consumer \(durable) of stream \(stream)",
                                                                    at: connection.address.description, jetStream: code))
        }
        self.subscription = subscription
    }

    deinit {
        natsSubscription_Destroy(subscription)
    }

    /// Up to `count` messages, waiting at most `timeout` seconds for the first (none: empty).
    public func fetch(_ count: Int, timeout: Double) throws(BusCallError) -> [BusMessage] {
        var list = natsMsgList()
        var code = jsErrCode(rawValue: 0)
        let status = natsSubscription_Fetch(&list, subscription, Int32(count), max(1, Int64(timeout * 1000)), &code)
        defer { natsMsgList_Destroy(&list) }
        if status == NATS_TIMEOUT {
            return []
        }
        guard status == NATS_OK else {
            throw BusCallError(status: status, error: BusError.error(status, doing: "cannot fetch", at: place, jetStream: code))
        }
        var messages: [BusMessage] = []
        for index in 0..<Int(list.Count) {
            guard let message = list.Msgs[index] else { continue }
            list.Msgs[index] = nil  // now owned by the BusMessage
            messages.append(BusMessage(message))
        }
        return messages
    }
}
