import Glibc

/// Seconds on the monotonic clock: for timeouts, backoffs and rates, never for dates.
public func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
