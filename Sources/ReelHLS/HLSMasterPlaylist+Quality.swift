import Foundation

extension HLSMasterPlaylist {
    /// The name users know a variant by: its video rendition's NAME (Twitch: `720p60`), else
    /// height and frame rate from RESOLUTION/FRAME-RATE (`720p`, `720p60` above 30 fps), else
    /// `audio_only` for a variant without video, else its bandwidth (`1280k`).
    public func name(of variant: HLSVariant) -> String {
        if let group = variant.video,
           let rendition = renditions.first(where: { $0.type == "VIDEO" && $0.groupID == group }) {
            return rendition.name
        }
        if let size = variant.size {
            let rate = variant.frameRate.map { $0 > 30.5 ? "\(Int($0.rounded()))" : "" } ?? ""
            return "\(size.height)p\(rate)"
        }
        if !hasVideo(variant) {
            return "audio_only"
        }
        return "\((variant.bandwidth ?? 0) / 1000)k"
    }

    /// Whether a variant carries video (a resolution, a video codec, or an unknown codec list).
    public func hasVideo(_ variant: HLSVariant) -> Bool {
        if variant.size != nil { return true }
        if variant.video.map({ $0.lowercased() == "audio_only" }) == true { return false }
        guard let codecs = variant.codecs?.lowercased() else { return true }
        return codecs.split(separator: ",").contains { codec in
            let name = codec.trimmingCharacters(in: .whitespaces)
            return ["avc", "hvc", "hev", "vp0", "vp9", "av01", "dvh"].contains { name.hasPrefix($0) }
        }
    }

    /// The variant for `quality`: `best` (most bandwidth among those with video), `worst`
    /// (least), or a name: its exact NAME (case-insensitive; `source` also matches the
    /// `chunked` group), or `HEIGHTp[RATE]` matched on resolution and frame rate (the
    /// highest bandwidth when several match).
    ///
    /// A variant whose bandwidth is unknown (no BANDWIDTH, or 0) is never `best` nor `worst`
    /// while another has a known one; among such variants alone, the larger picture (then the
    /// higher frame rate) is the better.
    public func variant(for quality: String) -> HLSVariant? {
        let wanted = quality.lowercased()
        let video = variants.filter(hasVideo)
        let ranked = Self.ranked(video.isEmpty ? variants : video)
        switch wanted {
        case "best":
            return ranked.last
        case "worst":
            return ranked.first { $0.knownBandwidth != nil } ?? ranked.first
        default:
            break
        }
        if let exact = variants.first(where: { name(of: $0).lowercased() == wanted }) {
            return exact
        }
        if wanted == "source", let source = variants.first(where: { $0.video?.lowercased() == "chunked" }) {
            return source
        }
        if wanted == "audio" || wanted == "audio_only" {
            return Self.ranked(variants.filter { !hasVideo($0) }).last
        }
        guard let (height, rate) = Self.heightAndRate(wanted) else { return nil }
        return Self.ranked(variants).last { variant in
            guard variant.size?.height == height else { return false }
            guard let rate else { return true }
            return variant.frameRate.map { abs($0 - Double(rate)) < 1.5 } ?? (rate <= 30)
        }
    }

    /// `variants` from worst to best: those of unknown bandwidth first, by picture size, then
    /// frame rate; then those of known bandwidth, by bandwidth (playlist order among equals).
    static func ranked(_ variants: [HLSVariant]) -> [HLSVariant] {
        func key(_ variant: HLSVariant) -> (Int, Double, Double) {
            if let bandwidth = variant.knownBandwidth {
                return (1, Double(bandwidth), 0)
            }
            let area = variant.size.map { Double($0.width) * Double($0.height) } ?? 0
            return (0, area, variant.frameRate ?? 0)
        }
        return variants.enumerated().sorted { left, right in
            let (a, b) = (key(left.element), key(right.element))
            return a != b ? a < b : left.offset < right.offset
        }.map(\.element)
    }

    /// `720p60` as (720, 60), `720p` as (720, nil).
    static func heightAndRate(_ text: String) -> (Int, Int?)? {
        let parts = text.split(separator: "p", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let height = Int(parts[0]) else { return nil }
        if parts[1].isEmpty { return (height, nil) }
        guard let rate = Int(parts[1]) else { return nil }
        return (height, rate)
    }
}
