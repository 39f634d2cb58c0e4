import Foundation
import ReelCore

/// Where records go or come from on NATS: `nats://[USER:PASSWORD@]HOST[:PORT][,HOST[:PORT]...]/NAME`,
/// the servers of one cluster and a subject (publishing) or a stream (consuming).
///
/// Credentials come from the URL, from `NATS_USER` and `NATS_PASSWORD`, or from a creds file
/// (`--creds FILE` or `NATS_CREDS`); they never appear in `description` or in messages.
public struct BusAddress: Sendable, CustomStringConvertible {
    /// `nats://HOST:PORT` for each server, without credentials.
    public let servers: [String]
    /// The subject or stream named after the servers.
    public let name: String
    let user: String?
    let password: String?
    /// A NATS creds file (JWT and NKey seed), or nil.
    public let credsFile: String?

    /// Parses `text`; `credsFile` (or `NATS_CREDS`) names a creds file. `nameKind` says what
    /// the name after the servers is (`subject`, `stream`), for messages.
    public init(_ text: String, credsFile: String? = nil, nameKind: String,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(ToolError) {
        guard text.hasPrefix("nats://") else {
            throw ToolError("want nats://HOST[:PORT][,HOST...]/\(nameKind.uppercased())", failure: .badUsage)
        }
        let rest = text.dropFirst("nats://".count)
        guard let slash = rest.firstIndex(of: "/") else {
            throw ToolError("no \(nameKind) after the servers (nats://HOST/\(nameKind.uppercased()))", failure: .badUsage)
        }
        var authority = rest[..<slash]
        let name = String(rest[rest.index(after: slash)...])
        var user = environment["NATS_USER"].flatMap { $0.isEmpty ? nil : $0 }
        var password = environment["NATS_PASSWORD"]
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
            let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            user = parts.first.map { Self.percentDecoded(String($0)) }
            password = parts.count > 1 ? Self.percentDecoded(String(parts[1])) : nil
        }
        var servers: [String] = []
        for host in authority.split(separator: ",", omittingEmptySubsequences: false) {
            guard Self.isHostAndPort(host) else {
                throw ToolError("\(Self.redacted(host)) is not HOST or HOST:PORT", failure: .badUsage)
            }
            servers.append("nats://" + (host.contains(":") ? String(host) : host + ":4222"))
        }
        guard !servers.isEmpty, servers.count <= 64 else {
            throw ToolError("want 1 to 64 servers", failure: .badUsage)
        }
        guard Self.isValidName(name, wildcards: false) else {
            throw ToolError("the \(nameKind) \"\(name.prefix(80))\" is not a NATS name (letters, digits, - _ and . between tokens, at most 255)",
                            failure: .badUsage)
        }
        if nameKind == "stream", name.contains(".") {
            throw ToolError("a stream name has no dots", failure: .badUsage)
        }
        let creds = credsFile ?? environment["NATS_CREDS"].flatMap { $0.isEmpty ? nil : $0 }
        if let creds {
            guard access(creds, R_OK) == 0 else {
                throw ToolError("cannot read the creds file", at: creds, failure: .missingInput)
            }
        }
        self.servers = servers
        self.name = name
        self.user = user
        self.password = password
        self.credsFile = creds
    }

    /// The servers and name, without credentials.
    public var description: String {
        "nats://" + servers.map { $0.dropFirst("nats://".count) }.joined(separator: ",") + "/" + name
    }

    /// Whether `name` is a subject or stream name: tokens of letters, digits, `-` and `_`
    /// joined by dots (with `wildcards`, `*` tokens and a last `>`), at most 255 bytes.
    public static func isValidName(_ name: String, wildcards: Bool) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 255 else { return false }
        let tokens = name.split(separator: ".", omittingEmptySubsequences: false)
        for (index, token) in tokens.enumerated() {
            if wildcards, token == "*" || (token == ">" && index == tokens.count - 1) { continue }
            guard !token.isEmpty, token.utf8.allSatisfy({ byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == 0x2D || byte == 0x5F
            }) else { return false }
        }
        return true
    }

    static func isHostAndPort(_ text: Substring) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let host = parts.first, !host.isEmpty, host.utf8.count <= 253,
              host.utf8.allSatisfy({ byte in
                  (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                      || byte == 0x2D || byte == 0x2E
              }) else { return false }
        if parts.count == 2 {
            guard let port = Int(parts[1]), (1...65535).contains(port) else { return false }
        }
        return true
    }

    static func redacted(_ host: Substring) -> String {
        String(host.prefix(80))
    }

    static func percentDecoded(_ text: String) -> String {
        text.removingPercentEncoding ?? text
    }
}
