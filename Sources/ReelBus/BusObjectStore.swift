import CNats
import Foundation
import Glibc
import ReelCore

/// Files on the bus, in JetStream's object store layout (libnats 3.4 has no object store API):
/// stream `OBJ_BUCKET`, the chunks of an object on `$O.BUCKET.C.NUID`, its description (JSON:
/// name, bucket, nuid, size, chunks, digest) on `$O.BUCKET.M.NAME-IN-BASE64URL`, the last one
/// kept (`Nats-Rollup: sub`), as `nats object get` reads them.
///
/// Objects are named by their content (`SHA256HEX.EXT`), so a file put twice is stored once.
public final class BusObjectStore {
    let connection: BusConnection
    /// The bucket's name (its stream is `OBJ_` and the name).
    public let bucket: String
    /// The bytes of a chunk.
    public static let chunkSize = 128 * 1024

    /// The bucket `bucket` on `connection`'s cluster, created (with `replicas` copies) when missing.
    public init(_ connection: BusConnection, bucket: String, replicas: Int) throws(ToolError) {
        guard BusAddress.isValidName(bucket, wildcards: false), !bucket.contains(".") else {
            throw ToolError("\"\(bucket.prefix(80))\" is not a bucket name (letters, digits, - and _)", failure: .badUsage)
        }
        self.connection = connection
        self.bucket = bucket
        var settings = BusConnection.StreamSettings()
        settings.replicas = replicas
        settings.maximumAge = 0
        settings.maximumMessageSize = Self.chunkSize + 4096
        try connection.ensureStream("OBJ_" + bucket, subjects: ["$O.\(bucket).C.>", "$O.\(bucket).M.>"], settings: settings,
                                    allowRollup: true)
    }

    /// What describes an object: its name, size and SHA-256 (hex).
    public struct Object: Sendable, Equatable {
        /// `SHA256HEX.EXT`.
        public var name: String
        /// In bytes.
        public var size: Int
        /// The content's SHA-256, 64 lowercase hex digits.
        public var sha256: String
    }

    /// Whether `name` is one of this store's names: 64 hex digits and an extension of 1 to 8
    /// letters or digits.
    public static func isObjectName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit), (1...8).contains(parts[1].count),
              parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return false }
        return true
    }

    /// Puts the regular file at `path` (a symbolic link is refused; at most `maximumSize`
    /// bytes), unless an object of the same content is there.
    public func put(file path: String, maximumSize: Int) throws(ToolError) -> Object {
        let bytes = try Self.readRegularFile(path, limit: maximumSize)
        let digest = SHA256.hex(bytes)
        let fileExtension = String((path as NSString).pathExtension.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(8))
        let object = Object(name: digest + "." + (fileExtension.isEmpty ? "bin" : fileExtension), size: bytes.count, sha256: digest)
        if let existing = try? describe(object.name), existing == object {
            return object
        }
        let nuid = String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(22))
        let chunkSubject = "$O.\(bucket).C.\(nuid)"
        var chunks = 0
        var offset = 0
        repeat {
            let end = min(offset + Self.chunkSize, bytes.count)
            try publishRetrying(Array(bytes[offset..<end]), to: chunkSubject, headers: [:])
            chunks += 1
            offset = end
        } while offset < bytes.count
        let digestBase64 = Data(Self.bytes(hex: digest)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        let meta: JSONObject = ["name": .string(object.name), "bucket": .string(bucket), "nuid": .string(nuid),
                                "size": JSONValue(bytes.count), "chunks": JSONValue(chunks),
                                "digest": .string("SHA-256=" + digestBase64)]
        try publishRetrying(meta.serialized(), to: metaSubject(object.name), headers: ["Nats-Rollup": "sub"])
        return object
    }

    /// The description of object `name`, as stored.
    func describe(_ name: String) throws(ToolError) -> Object? {
        guard let (meta, _) = try metadata(name) else { return nil }
        return meta
    }

    /// Writes object `name` to `path` (atomically), checking its size (at most `maximumSize`)
    /// and digest against `expected`.
    public func get(_ expected: Object, to path: String, maximumSize: Int) throws(ToolError) {
        guard Self.isObjectName(expected.name), expected.size >= 0, expected.size <= maximumSize else {
            throw ToolError("object \(expected.name.prefix(80)): not one of reel's or larger than the limit", failure: .badInput)
        }
        guard let (object, nuid) = try metadata(expected.name) else {
            throw ToolError("object \(expected.name) is not in bucket \(bucket)", failure: .unavailable)
        }
        guard object == expected else {
            throw ToolError("object \(expected.name): the bucket describes another file", failure: .badInput)
        }
        var subscription: OpaquePointer?
        var code = jsErrCode(rawValue: 0)
        let stream = "OBJ_" + bucket
        var status = stream.withCString { cStream in
            var options = jsSubOptions()
            jsSubOptions_Init(&options)
            options.Stream = cStream
            options.Config.AckPolicy = js_AckExplicit
            options.Config.DeliverPolicy = js_DeliverAll
            return js_PullSubscribe(&subscription, connection.jetStream, "$O.\(bucket).C.\(nuid)", nil, nil, &options, &code)
        }
        guard status == NATS_OK, let subscription else {
            throw BusError.error(status, doing: "cannot read object \(expected.name)", jetStream: code)
        }
        defer {
            natsSubscription_Unsubscribe(subscription)
            natsSubscription_Destroy(subscription)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(object.size)
        let deadline = monotonicSeconds() + 30
        while bytes.count < object.size {
            guard monotonicSeconds() < deadline else {
                throw ToolError("object \(expected.name): chunks missing after 30 s", failure: .unavailable)
            }
            var list = natsMsgList()
            status = natsSubscription_Fetch(&list, subscription, 64, 2000, &code)
            defer { natsMsgList_Destroy(&list) }
            if status == NATS_TIMEOUT { continue }
            guard status == NATS_OK else {
                throw BusError.error(status, doing: "cannot read object \(expected.name)", jetStream: code)
            }
            for index in 0..<Int(list.Count) {
                guard let message = list.Msgs[index] else { continue }
                let count = Int(natsMsg_GetDataLength(message))
                guard bytes.count + count <= object.size else {
                    throw ToolError("object \(expected.name): more bytes than its size", failure: .badInput)
                }
                if count > 0, let data = natsMsg_GetData(message) {
                    data.withMemoryRebound(to: UInt8.self, capacity: count) { bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: count)) }
                }
                _ = natsMsg_Ack(message, nil)
            }
        }
        guard SHA256.hex(bytes) == object.sha256 else {
            throw ToolError("object \(expected.name): its bytes do not match its digest", failure: .badInput)
        }
        try AtomicFile.write(bytes, to: path, durable: true)
    }

    private func metaSubject(_ name: String) -> String {
        let encoded = Data(name.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        return "$O.\(bucket).M.\(encoded)"
    }

    /// The stored description of `name` and the nuid of its chunks; nil when there is none.
    private func metadata(_ name: String) throws(ToolError) -> (Object, String)? {
        var message: OpaquePointer?
        var code = jsErrCode(rawValue: 0)
        let status = js_GetLastMsg(&message, connection.jetStream, "OBJ_" + bucket, metaSubject(name), nil, &code)
        if status == NATS_NOT_FOUND { return nil }
        guard status == NATS_OK, let message else {
            throw BusError.error(status, doing: "cannot look up object \(name)", jetStream: code)
        }
        defer { natsMsg_Destroy(message) }
        let count = Int(natsMsg_GetDataLength(message))
        guard count > 0, count < 65536, let data = natsMsg_GetData(message) else { return nil }
        let bytes = data.withMemoryRebound(to: UInt8.self, capacity: count) { Array(UnsafeBufferPointer(start: $0, count: count)) }
        guard case .object(let meta)? = try? JSONParser.parse(bytes), meta["name"]?.stringValue == name,
              let nuid = meta["nuid"]?.stringValue, BusAddress.isValidName(nuid, wildcards: false), !nuid.contains("."),
              let size = (try? meta["size"]?.integer("size", in: 0...(1 << 40))) ?? nil,
              let digest = meta["digest"]?.stringValue, digest.hasPrefix("SHA-256=") else { return nil }
        let base64 = String(digest.dropFirst(8)).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard let raw = Data(base64Encoded: base64 + String(repeating: "=", count: (4 - base64.count % 4) % 4)), raw.count == 32 else {
            return nil
        }
        return (Object(name: name, size: size, sha256: raw.map { String(format: "%02x", $0) }.joined()), nuid)
    }

    private func publishRetrying(_ bytes: [UInt8], to subject: String, headers: [String: String]) throws(ToolError) {
        var pause = 0.1
        let deadline = monotonicSeconds() + 60
        while true {
            do {
                try connection.publish(bytes, to: subject, headers: headers, wait: 5)
                return
            } catch {
                guard error.isTransient, monotonicSeconds() + pause < deadline else { throw error.error }
                usleep(UInt32(pause * 1e6))
                pause = min(pause * 2, 2)
            }
        }
    }

    static func readRegularFile(_ path: String, limit: Int) throws(ToolError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ToolError("cannot open: \(String(cString: strerror(errno)))", at: path, failure: .missingInput)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw ToolError("not a regular file", at: path, failure: .badInput)
        }
        guard Int(info.st_size) <= limit else {
            throw ToolError("\(info.st_size) bytes is larger than the limit of \(limit)", at: path, failure: .badInput)
        }
        // Read from the descriptor opened without following links: no path is looked up twice.
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return read(descriptor, base + done, buffer.count - done)
            }
            guard count > 0 else {
                throw ToolError("cannot read: \(count == 0 ? "it got shorter" : String(cString: strerror(errno)))", at: path, failure: .ioFailed)
            }
            done += count
        }
        return bytes
    }

    static func bytes(hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            result.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return result
    }
}
