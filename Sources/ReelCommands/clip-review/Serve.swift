import ArgumentParser
import Dispatch
import FlyingFox
import FlyingSocks
import Foundation
import ReelCLI
import ReelClipBin
import ReelCore
import Synchronization

extension ClipReview {
    /// The review server for several editors.
    struct Serve: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the review page to signed-in editors; their decisions go to the bin by clip id.",
            discussion: """
                Listens on 127.0.0.1 (--address to change it) and says where: a record on stdout, \
                {"type":"server","url":"http://127.0.0.1:PORT/","bin":BIN}, and a line on stderr. Editors \
                sign in with the accounts of clip-review user add; a session is a random token in \
                an HttpOnly, SameSite=Strict, Secure cookie (browsers keep Secure cookies over \
                HTTPS, and over plain HTTP from 127.0.0.1 and localhost only: put a TLS proxy in \
                front to serve others, or --no-secure-cookie on a network you trust). Each decision is appended to the bin's reviews.ndjson under the bin's lock \
                (several editors, and other tools, at once), keyed by clip id, with who and when; \
                the page shows the others' decisions within 2 s. Runs until stopped (SIGINT, \
                SIGTERM: every decision already answered is on disk).
                """)

        @Argument(help: ArgumentHelp("The bin's folder.", valueName: "bin"), completion: .directory)
        var bin: String

        @Option(help: ArgumentHelp("The address to listen on (IPv4 or IPv6).", valueName: "ip"))
        var address = "127.0.0.1"

        @Option(help: ArgumentHelp("The port (0: any free one, said on stderr).", valueName: "port"))
        var port: Int = 8080

        @Option(help: ArgumentHelp("The page's title.", valueName: "text"))
        var title = "Clip review"

        @Flag(inversion: .prefixedNo,
              help: "Mark the session cookie Secure (browsers keep it over HTTPS and on 127.0.0.1 and localhost only).")
        var secureCookie = true

        @Option(help: .hidden)
        var pageScript: String?

        @OptionGroup var conventions: ConventionOptions

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port: must be 0 to 65535") }
        }

        static let toolName = "clip-review"

        func perform(_ run: ToolRun) throws {
            let clips = try ReviewClips(folder: bin) { reason, place in run.diagnostics.warning(reason, at: place) }
            let editors = try ReviewAccounts(bin: clips.bin).names()
            guard !editors.isEmpty else {
                throw ToolError("no editor can sign in: clip-review user add \(bin) NAME first", at: bin, failure: .badUsage)
            }
            let script = try pageScript.map { String(decoding: try AtomicFile.read($0, limit: 1 << 20), as: UTF8.self) }
            let diagnostics = run.diagnostics, output = run.output
            let server = ReviewServer(clips: clips, title: title, extraScript: script, secureCookie: secureCookie) { line in
                diagnostics.detail(line)
            }
            let socketAddress: any SocketAddress
            do {
                socketAddress = address.contains(":") ? try sockaddr_in6.inet6(ip6: address, port: UInt16(port))
                    : try sockaddr_in.inet(ip4: address, port: UInt16(port))
            } catch {
                throw ToolError("not an IP address", at: "--address \(address)", failure: .badUsage)
            }
            let http = HTTPServer(address: socketAddress, timeout: 30, logger: .disabled,
                                  handler: ClosureHTTPHandler { request in await server.handle(request) })
            let done = DispatchSemaphore(value: 0)
            let failure = Failure()
            Task {
                do {
                    try await http.run()
                } catch {
                    failure.set("cannot listen: \(error)")
                }
                done.signal()
            }
            Task {
                try? await http.waitUntilListening(timeout: 10)
                var where_ = "\(address):\(port)"
                if case .ip4(let host, let port)? = await http.listeningAddress { where_ = "\(host):\(port)" }
                if case .ip6(let host, let port)? = await http.listeningAddress { where_ = "[\(host)]:\(port)" }
                diagnostics.note("serving \(clips.records.count) clip(s) of \(bin) to \(editors.count) editor(s) at http://\(where_)/")
                var record = Record(type: "server")
                record["url"] = .string("http://\(where_)/")
                record["bin"] = .string(bin)
                try? output.write(record)
            }
            done.wait()
            if let reason = failure.reason {
                throw ToolError(reason, at: address, failure: .ioFailed)
            }
        }
    }
}

/// Why the server stopped, from its task.
private final class Failure: Sendable {
    private let text = Mutex<String?>(nil)

    func set(_ reason: String) { text.withLock { $0 = reason } }
    var reason: String? { text.withLock { $0 } }
}
