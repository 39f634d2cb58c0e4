import Foundation
import Glibc

/// The Spark that scripts/spark-batch would use (its `--check`): nil when Java or pyspark is
/// missing, with the reason.
public struct SparkInstall: Sendable {
    public var sparkClass: String
    public var python: String

    /// What `spark-batch --check` says, or why there is no Spark to test with.
    public static func find() throws -> Result<SparkInstall, TestSetupError> {
        let result = try Subprocess.run(Repository.script("spark-batch"), ["--check"])
        guard result.status == 0,
              let object = try? JSONSerialization.jsonObject(with: result.stdout) as? [String: Any],
              let sparkClass = object["spark_class"] as? String, let python = object["python"] as? String else {
            return .failure(TestSetupError(result.errors.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        return .success(SparkInstall(sparkClass: sparkClass, python: python))
    }
}

/// A Spark standalone cluster on 127.0.0.1: a master and workers started with `spark-class`,
/// on free ports, with their folders in a temporary one; `stop()` (or releasing it) kills every
/// process it started and their children.
public final class SparkCluster: @unchecked Sendable {
    public let folder: TemporaryDirectory
    /// `spark://127.0.0.1:PORT`.
    public let url: String
    private let spark: SparkInstall
    private var master: Process?
    private var workers: [Process] = []
    private let lock = NSLock()

    /// Starts a master and `workers` workers of `cores` cores each; returns once every worker
    /// has registered (or throws after `timeout` seconds).
    public init(spark: SparkInstall, workers count: Int, cores: Int = 1, timeout: Double = 180) throws {
        self.spark = spark
        folder = try TemporaryDirectory("spark-cluster")
        let port = try Self.freePort()
        url = "spark://127.0.0.1:\(port)"
        do {
            let master = try start("master", ["org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                                              "--port", String(port), "--webui-port", String(try Self.freePort())])
            self.master = master
            try waitFor("I have been elected leader", in: "master", timeout: timeout)
            for index in 0..<count {
                let name = "worker\(index)"
                let work = folder.file(name + "-work")
                try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
                workers.append(try start(name, ["org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                                                "--webui-port", String(try Self.freePort()), "--cores", String(cores),
                                                "--memory", "1g", "--work-dir", work, url]))
            }
            for index in 0..<count {
                try waitFor("Successfully registered with master", in: "worker\(index)", timeout: timeout)
            }
        } catch {
            stop()
            throw error
        }
    }

    deinit {
        stop()
    }

    /// The environment a driver needs to reach this cluster (and bind to 127.0.0.1).
    public var environment: [String: String] {
        ["SPARK_LOCAL_IP": "127.0.0.1", "SPARK_LOG_DIR": folder.file("logs"), "SPARK_PID_DIR": folder.path,
         "SPARK_LOCAL_DIRS": folder.file("local")]
    }

    /// What a process of the cluster wrote (`master`, `worker0`, ...).
    public func log(_ name: String) -> String {
        (try? String(contentsOfFile: folder.file(name + ".log"), encoding: .utf8)) ?? ""
    }

    /// Kills worker `index` and every process under it (its executor, the tasks' programs), as
    /// when its machine goes away.
    public func killWorker(_ index: Int) {
        let process = lock.withLock { workers[index] }
        Self.killTree(process.processIdentifier)
    }

    /// Kills every process of the cluster and their children.
    public func stop() {
        let all = lock.withLock { workers + (master.map { [$0] } ?? []) }
        for process in all where process.isRunning {
            Self.killTree(process.processIdentifier)
        }
        for process in all {
            process.waitUntilExit()
        }
    }

    private func start(_ name: String, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: spark.sparkClass)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment.merging(self.environment) { $1 }
        environment["SPARK_WORKER_DIR"] = folder.file(name + "-work")
        environment["PYSPARK_PYTHON"] = spark.python
        process.environment = environment
        _ = FileManager.default.createFile(atPath: folder.file(name + ".log"), contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.file(name + ".log")))
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try log.close()
        return process
    }

    private func waitFor(_ text: String, in name: String, timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !log(name).contains(text) {
            guard Date() < deadline else {
                throw TestSetupError("spark \(name) did not say \"\(text)\" in \(timeout) s:\n\(log(name).suffix(2000))")
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    /// A TCP port free on 127.0.0.1 now.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestSetupError("socket: \(errno)") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { throw TestSetupError("bind: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Kills `pid` and all its descendants (found through /proc), children first stopped so none
    /// escapes by being re-parented.
    static func killTree(_ pid: Int32) {
        var tree = [pid]
        var index = 0
        kill(pid, SIGSTOP)
        while index < tree.count {
            for child in children(of: tree[index]) where !tree.contains(child) {
                kill(child, SIGSTOP)
                tree.append(child)
            }
            index += 1
        }
        for process in tree {
            kill(process, SIGKILL)
        }
    }

    static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let candidate = Int32(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == pid ? candidate : nil
        }
    }
}
