import Foundation

/// Tesseract's OpenMP threads: a tool with one engine per worker thread wants each engine to
/// stay on its thread. libgomp reads `OMP_THREAD_LIMIT` once, when it is loaded (before main),
/// so a process without it sets it and executes itself again.
public enum TesseractEnvironment {
    /// Makes sure OMP_THREAD_LIMIT=1 was in force when the process started: if it was not, sets
    /// it and re-executes the program with the same arguments (returns only when it is set, or
    /// when re-executing failed).
    public static func limitThreads() {
        guard ProcessInfo.processInfo.environment["OMP_THREAD_LIMIT"] == nil else { return }
        setenv("OMP_THREAD_LIMIT", "1", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
    }
}
