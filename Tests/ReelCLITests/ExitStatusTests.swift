import ReelCLI
import ReelCore
import Testing

/// `ExitStatus(_:)`: the one mapping from a run's first failure to the sysexits codes the man
/// pages list.
@Suite struct ExitStatusTests {
    @Test func eachKindOfFailureEndsWithItsDocumentedStatus() {
        let expected: [FailureKind: Int32] = [
            .failed: 1, .badUsage: 64, .badInput: 65, .missingInput: 66, .unavailable: 69, .ioFailed: 74,
        ]
        #expect(Set(expected.keys) == Set(FailureKind.allCases))
        for kind in FailureKind.allCases {
            #expect(ReelCLI.ExitStatus(kind).rawValue == expected[kind])
        }
    }

    @Test func noFailureIsSuccess() {
        #expect(ReelCLI.ExitStatus(nil) == .success)
        #expect(ReelCLI.ExitStatus(nil).rawValue == 0)
    }

    @Test func everyStatusButSuccessIsSomeKindsStatus() {
        let reached = Set(FailureKind.allCases.map { ReelCLI.ExitStatus($0) })
        #expect(reached == Set(ReelCLI.ExitStatus.allCases).subtracting([.success]))
    }
}
