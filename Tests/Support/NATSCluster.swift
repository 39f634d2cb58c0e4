import Foundation
import Glibc

/// A NATS cluster with JetStream on 127.0.0.1: `nats-server` processes on free ports, their
/// stores and logs in a temporary folder; `stop()` (or releasing it) kills them all.
public final class NATSCluster: @unchecked Sendable {
    /// The nats-server to test with, or why there is none.
    public static let server: Result<String, TestSetupError> = {
        for path in ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"]
            where FileManager.default.isExecutableFile(atPath: path) {
            return .success(path)
        }
        return Result { try Subprocess.which("nats-server") }.mapError { _ in
            TestSetupError("nats-server is not installed (scripts/install-deps --nats)")
        }
    }()

    /// Whether nats-server is there; when not, says so on stdout for `suite` (its tests skip).
    public static func isAvailable(for suite: String) -> Bool {
        if case .failure(let why) = server {
            print("\(suite): skipped: \(why)")
            return false
        }
        return true
    }

    public let folder: TemporaryDirectory
    /// The client port of each server.
    public let ports: [Int]
    private let clusterPorts: [Int]
    private let lock = NSLock()
    private var processes: [Process?]

    /// Starts `size` servers routed to each other; returns once the JetStream meta group has
    /// a leader (or throws after `timeout` seconds).
    public init(size: Int = 3, timeout: Double = 30) throws {
        guard case .success(let server) = Self.server else { throw TestSetupError("no nats-server") }
        folder = try TemporaryDirectory("nats-cluster")
        ports = try (0..<size).map { _ in try SparkCluster.freePort() }
        clusterPorts = try (0..<size).map { _ in try SparkCluster.freePort() }
        processes = Array(repeating: nil, count: size)
        let routes = clusterPorts.map { "nats-route://127.0.0.1:\($0)" }.joined(separator: ", ")
        for index in 0..<size {
            let config = """
                server_name: n\(index)
                listen: 127.0.0.1:\(ports[index])
                jetstream { store_dir: "\(folder.file("store\(index)"))", max_memory_store: 64MB, max_file_store: 512MB }
                cluster { name: reel-test, listen: 127.0.0.1:\(clusterPorts[index]), routes: [\(routes)] }
                """
            try config.write(toFile: folder.file("n\(index).conf"), atomically: true, encoding: .utf8)
        }
        _ = server
        do {
            for index in 0..<size { try start(index) }
            try waitForLeader(timeout: timeout)
        } catch {
            stop()
            throw error
        }
    }

    deinit {
        stop()
    }

    /// `nats://127.0.0.1:P1,127.0.0.1:P2,.../NAME`: every server, then a subject or stream.
    public func url(_ name: String) -> String {
        "nats://" + ports.map { "127.0.0.1:\($0)" }.joined(separator: ",") + "/" + name
    }

    /// What server `index` logged.
    public func log(_ index: Int) -> String {
        (try? String(contentsOfFile: folder.file("n\(index).log"), encoding: .utf8)) ?? ""
    }

    /// Kills server `index` with SIGKILL, as when its machine goes away.
    public func kill(_ index: Int) {
        let process = lock.withLock { processes[index] }
        guard let process, process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Starts server `index` again (on its store).
    public func restart(_ index: Int) throws {
        kill(index)
        try start(index)
    }

    /// Kills every server.
    public func stop() {
        for index in 0..<processes.count { kill(index) }
    }

    private func start(_ index: Int) throws {
        guard case .success(let server) = Self.server else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: server)
        process.arguments = ["-c", folder.file("n\(index).conf")]
        let logPath = folder.file("n\(index).log")
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try log.seekToEnd()
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try log.close()
        lock.withLock { processes[index] = process }
    }

    private func waitForLeader(timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !(0..<processes.count).contains(where: { log($0).contains("new metadata leader") || log($0).contains("JetStream cluster new metadata leader") }) {
            guard Date() < deadline else {
                throw TestSetupError("no JetStream leader in \(timeout) s:\n\(log(0).suffix(2000))")
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }
}

extension NATSCluster {
    /// Kills `pid` and every process under it with SIGKILL, as when its machine goes away.
    public static func killTree(_ pid: Int32) {
        SparkCluster.killTree(pid)
    }
}
