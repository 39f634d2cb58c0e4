import Glibc
import ReelCore

/// A command run in a process group of its own (so stopping it stops its whole pipeline),
/// with stdin, stdout and stderr inherited.
final class ChildProcess {
    let pid: pid_t
    var ended: Int32?

    /// Starts `arguments` (the program looked up on PATH).
    init(_ arguments: [String]) throws(ToolError) {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let copies = arguments.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var argv = copies + [nil]
        var pid: pid_t = 0
        let result = copies[0].map { posix_spawnp(&pid, $0, nil, &attributes, &argv, environ) } ?? ENOMEM
        guard result == 0 else {
            throw ToolError("cannot run: \(String(cString: strerror(result)))", at: arguments[0], failure: .failed)
        }
        self.pid = pid
    }

    /// Its exit status once it ended (128+N for signal N), else nil.
    func status() -> Int32? {
        if let ended { return ended }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        let signalled = status & 0x7f
        ended = signalled == 0 ? (status >> 8) & 0xff : 128 + signalled
        return ended
    }

    /// Sends `signal` to its group, then SIGKILL when it has not ended 5 s later; waits for it.
    func stop(_ signal: Int32) {
        kill(-pid, signal)
        for _ in 0..<50 {
            if status() != nil { return }
            usleep(100_000)
        }
        kill(-pid, SIGKILL)
        while status() == nil { usleep(50_000) }
    }
}
