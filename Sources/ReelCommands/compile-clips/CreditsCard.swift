import ReelVision

/// The credits card's background: a black still the compiler fits to the video's size and
/// draws the credits' lines on.
enum CreditsCard {
    /// A black 16x16 PNG.
    static func blankPNG() -> [UInt8] {
        PNG.encode(GrayImage(width: 16, height: 16, value: 0))
    }
}
