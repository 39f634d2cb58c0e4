/// Where the body of a transfer goes.
public enum TransferSink: Sendable, Equatable {
    /// Kept in memory, bounded by the options' maximum body size.
    case memory
    /// Written to the file at `path`. Bytes already in the file count as received: the rest is
    /// asked for with a Range request (and the file is started over if the server ignores it).
    case file(String)
}

/// A part of a resource: `length` bytes from `offset` (an `EXT-X-BYTERANGE`).
public struct ByteSpan: Sendable, Equatable {
    public var offset: Int
    public var length: Int

    public init(offset: Int, length: Int) {
        self.offset = offset
        self.length = length
    }
}

/// One request with where its body goes and which part of the resource is wanted.
public struct TransferJob: Sendable {
    public var request: HTTPRequest
    public var sink: TransferSink
    /// The part wanted; nil: the whole resource.
    public var span: ByteSpan?

    public init(_ request: HTTPRequest, sink: TransferSink = .memory, span: ByteSpan? = nil) {
        self.request = request
        self.sink = sink
        self.span = span
    }
}

/// How a transfer ended.
public struct TransferOutcome: Sendable {
    /// The caller's tag for the job.
    public var tag: Int
    /// The response (status, headers; the body for memory sinks), or why there is none.
    public var result: Result<HTTPResponse, NetError>
    /// Bytes in the sink at the end: for a file, its size.
    public var bytes: Int
}
