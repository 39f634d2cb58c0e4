/// Advertisements stitched into Twitch live playlists: `EXT-X-DATERANGE`s with
/// `CLASS="twitch-stitched-ad"` or an ID starting `stitched-ad-`, and segments whose EXTINF
/// title contains `Amazon`. Date ranges are remembered across reloads (they scroll out of
/// the playlist before the segments they cover are all gone).
public struct StitchedAds: Sendable {
    private var ranges: [String: (start: Double, end: Double)] = [:]

    public init() {}

    /// Notes the ad date ranges of a playlist.
    public mutating func note(_ dateRanges: [HLSDateRange]) {
        for range in dateRanges where Self.isAdvertisement(range) {
            guard let start = ProgramDateTime.seconds(range.startDate) else { continue }
            let end = range.duration.map { start + $0 }
                ?? range.endDate.flatMap(ProgramDateTime.seconds)
                ?? range.attributes["PLANNED-DURATION"].flatMap(Double.init).map { start + $0 }
            guard let end else { continue }
            ranges[range.id] = (start, end)
        }
    }

    /// Whether a segment is an ad: by its title, or its date-time inside an ad range.
    public func contains(_ segment: HLSSegment, at date: Double?) -> Bool {
        if segment.title?.contains("Amazon") == true {
            return true
        }
        guard let date else { return false }
        return ranges.values.contains { date >= $0.start - 0.001 && date < $0.end - 0.001 }
    }

    static func isAdvertisement(_ range: HLSDateRange) -> Bool {
        range.classLabel == "twitch-stitched-ad" || range.id.hasPrefix("stitched-ad-")
    }
}
