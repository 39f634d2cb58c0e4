import ReelCore

extension Profile {
    /// The largest timing or clip window a profile may give, in seconds (a day).
    public static let maximumSeconds = NumberLimits.plausibleJump

    /// Checks the numbers of `timings` and `clips` where the profile is decoded: each must be
    /// a finite number from 0 to a day (86400; a rate such as `kills_per_second` too), so the
    /// detectors' arithmetic on them stays in range. A bad one is refused by name (status 65).
    func validateTimings(source: String) throws(ToolError) {
        for (name, value) in timings.sorted(by: { $0.key < $1.key }) {
            guard value.isFinite, value >= 0, value <= Self.maximumSeconds else {
                throw ToolError("timing \(name) is \(value): it must be a number from 0 to 86400", at: source,
                                status: .dataError)
            }
        }
        for (name, window) in clips.sorted(by: { $0.key < $1.key }) {
            for (side, value) in [("before", window.before), ("after", window.after)] {
                guard value.isFinite, value >= 0, value <= Self.maximumSeconds else {
                    throw ToolError("clip window \(name).\(side) is \(value): it must be a number of seconds from 0 to 86400",
                                    at: source, status: .dataError)
                }
            }
        }
    }
}
