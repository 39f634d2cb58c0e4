extension Profile {
    /// The fewest character shapes a line of `region` must show to be worth reading: the
    /// region's `min_characters` when set, else a third (rounded up, at least 2) of the shortest
    /// text any of its patterns matches; nil (any line) when no pattern reads the region or one
    /// of them may match fewer than two characters or is not understood.
    ///
    /// Tesseract costs most of a reader's time, and lines of two or three shapes in a region
    /// waiting for `SPECTATING` are the scene. A third leaves room for letters that run together
    /// when the region is shrunk to find lines.
    public func leastCharacters(in region: String) -> Int? {
        if let least = ocr.overrides?[region]?.minCharacters { return least > 0 ? least : nil }
        let lengths = patterns.values.filter { $0.region == region }.map { ShortestMatch.length(of: $0.regex) }
        guard !lengths.isEmpty, !lengths.contains(nil) else { return nil }
        let shortest = lengths.compactMap(\.self).min() ?? 0
        guard shortest >= 2 else { return nil }
        return max(2, (shortest + 2) / 3)
    }
}
