import Foundation

/// Limits and timeouts of HTTP transfers.
public struct HTTPOptions: Sendable {
    /// Seconds to wait for a connection.
    public var connectTimeout: Double = 10
    /// Seconds a transfer may go without receiving anything before it is abandoned.
    public var stallTimeout: Double = 10
    /// Seconds a whole transfer may take (nil: no limit beyond the stall timeout).
    public var totalTimeout: Double?
    /// The largest body accepted, in bytes.
    public var maximumBodySize = 256 << 20
    /// Redirects followed (each to http or https only, never from https to http).
    public var maximumRedirects = 5
    /// The User-Agent header.
    public var userAgent = "reel/1.0 (+https://github.com/reel)"

    public init() {}
}

/// One header of a request or response.
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An HTTP request.
public struct HTTPRequest: Sendable {
    public var url: String
    public var method: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]?

    public init(url: String, method: String = "GET", headers: [HTTPHeader] = [], body: [UInt8]? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response (of the last request after redirects).
public struct HTTPResponse: Sendable {
    /// The status code, e.g. 200.
    public var status: Int
    /// The headers of the final response, in order.
    public var headers: [HTTPHeader]
    /// The body.
    public var body: [UInt8]
    /// The URL the body came from, after redirects.
    public var url: String

    /// `HTTP 404`, with the start of the answer when it is printable text (services explain
    /// there): for messages.
    public var summary: String {
        let text = String(decoding: body.prefix(300), as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        let printable = !text.isEmpty && text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7f }
        return printable ? "HTTP \(status): \(text)" : "HTTP \(status)"
    }

    /// The value of the first header called `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
