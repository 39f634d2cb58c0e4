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

/// One part of a `multipart/form-data` body: text, or a file streamed from disk.
public struct FormPart: Sendable, Equatable {
    public var name: String
    public var text: String?
    /// A file's path (read as the request goes, never held in memory).
    public var file: String?
    /// The file name the receiver sees.
    public var fileName: String?
    public var contentType: String?

    /// A text field.
    public static func text(_ name: String, _ value: String, contentType: String? = nil) -> FormPart {
        FormPart(name: name, text: value, contentType: contentType)
    }

    /// A file field.
    public static func file(_ name: String, path: String, fileName: String, contentType: String? = nil) -> FormPart {
        FormPart(name: name, file: path, fileName: fileName, contentType: contentType)
    }
}

/// One request with where its body goes and which part of the resource is wanted.
public struct TransferJob: Sendable {
    public var request: HTTPRequest
    public var sink: TransferSink
    /// The part wanted; nil: the whole resource.
    public var span: ByteSpan?
    /// A `multipart/form-data` body (POST) instead of `request.body`.
    public var form: [FormPart]?

    public init(_ request: HTTPRequest, sink: TransferSink = .memory, span: ByteSpan? = nil, form: [FormPart]? = nil) {
        self.request = request
        self.sink = sink
        self.span = span
        self.form = form
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
