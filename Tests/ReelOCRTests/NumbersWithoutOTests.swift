import ReelOCR
import Testing

/// Round letters read in a word of digits are zeros: a score or a clock keeps its digits.
@Suite struct NumbersWithoutOTests {
    @Test(arguments: [
        // Normal seed 7910 (1080p, DejaVu over a gradient): PSG 0 - 1 read as Q-1 in every frame,
        // so the score seemed to go from 0-0 to 1-1 and the two goals' teams came out swapped.
        ("PSG Q-1 HQR 23: 28", "PSG 0-1 HQR 23: 28"), ("PSG O-1 HQR", "PSG 0-1 HQR"), ("1O:05", "10:05"),
        ("QO-1", "00-1"),
        // Words that are not numbers keep their letters.
        ("QPR 1-0 LYO", "QPR 1-0 LYO"), ("Q", "Q"), ("O-O", "O-O"), ("REPLAY", "REPLAY"),
    ])
    func roundLettersInNumbersAreZeros(read: String, expected: String) {
        #expect(RegionReader.numbersWithoutO(read) == expected)
    }
}
