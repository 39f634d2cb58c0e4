import ReelMedia
import Testing

/// Moving past sample targets costs the same whatever the span of time skipped (F14, F15:
/// a stream time of 1e17 s walked the grid one target at a time; a damaged GOP listed 1e9
/// targets).
@Suite struct SampleTargetsTests {
    @Test func skippingAGridJumpsStraightThere() {
        var targets = SampleTargets.every(2)
        targets.skip(below: 1e17)
        let next = targets.next
        #expect(next.map { $0 >= 1e17 && $0 < 1e17 + 64 } == true)
        targets.skip(through: 10)  // behind: nothing moves
        #expect(targets.next == next)
        var fine = SampleTargets.every(0.001)
        fine.skip(below: 1e17)  // past what an index can count: no targets left
        #expect(fine.next == nil)
        var exact = SampleTargets.every(0.5, start: 1)
        exact.skip(below: 3)
        #expect(exact.next == 3)
        exact.skip(through: 3)
        #expect(exact.next == 3.5)
    }

    @Test func aWindowHoldsItsTargetsWithoutListingThem() {
        var targets = SampleTargets.every(1e-3)
        let window = targets.window(below: 1e9)
        #expect(window.next == 0)
        #expect(window.hasTarget(in: 5e8..<5e8 + 0.01))
        #expect(!window.hasTarget(in: 1e9..<2e9))
        targets.skip(below: 1e9)
        #expect(targets.next.map { $0 >= 1e9 } == true)
    }

    @Test func listsAreSearched() {
        var targets = SampleTargets.at([5, 1, 3, 3, .infinity, .nan, 7])
        #expect(targets.next == 1)
        targets.skip(below: 3)
        #expect(targets.next == 3)
        targets.skip(through: 3)
        #expect(targets.next == 5)
        #expect(targets.window(below: 6).hasTarget(in: 4..<8))
        #expect(!targets.window(below: 5).hasTarget(in: 4..<8))
        targets.skip(below: 1e300)
        #expect(targets.next == nil)
    }
}
