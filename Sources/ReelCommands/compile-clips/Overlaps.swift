import ReelCore

/// Footage of one source shown once: a clip that repeats what an earlier clip of the same
/// source shows is trimmed (at its start or its end) or left out, and told why.
///
/// A clip's source is its `source` (clip-cut: `[start, end]` seconds of that file) or its
/// `video_id` (Twitch: `[vod_offset, vod_offset + duration]` of that VOD); what it shows is
/// that span less its trims. Clips without either are never compared.
struct Overlaps {
    /// What resolving one clip came to.
    enum Outcome: Equatable {
        /// Nothing repeated: the trims as they were.
        case unchanged
        /// New trims (seconds from the clip's start and end) and what was done, in words.
        case trimmed(trimStart: Double, trimEnd: Double, note: String)
        /// Everything it shows was shown already (by the clips named).
        case repeated(of: String)
    }

    private var shown: [(source: String, start: Double, end: Double, name: String)] = []
    /// Overlaps shorter than this (about a frame) are not repeats.
    static let tolerance = 0.05

    /// Where `clip` sits in its source, when it says.
    static func span(of clip: Record) -> (source: String, start: Double, end: Double)? {
        let clip = ClipRecord(unchecked: clip)
        if let source = clip.source, !source.isEmpty, let start = clip.start, let end = clip.end,
           start.isFinite, end.isFinite, end > start {
            return (source, start, end)
        }
        if let video = clip.videoID, !video.isEmpty, let offset = clip.vodOffset, let duration = clip.duration,
           offset.isFinite, duration.isFinite, duration > 0 {
            return ("twitch-vod:" + video, offset, offset + duration)
        }
        return nil
    }

    /// Resolves the next clip of the compilation (`name` for messages) against those before it.
    mutating func resolve(_ clip: Record, trimStart: Double, trimEnd: Double, name: String) -> Outcome {
        guard let span = Self.span(of: clip) else { return .unchanged }
        var start = span.start + trimStart, end = span.end - trimEnd
        var notes: [String] = []
        var twins: [String] = []
        for earlier in shown where earlier.source == span.source {
            let overlap = min(end, earlier.end) - max(start, earlier.start)
            guard overlap > Self.tolerance else { continue }
            twins.append(earlier.name)
            if start >= earlier.start - Self.tolerance && end <= earlier.end + Self.tolerance {
                return .repeated(of: twins.joined(separator: " and "))
            }
            let seconds = RecordTemplate.shortest((overlap * 1000).rounded() / 1000)
            if start >= earlier.start || (start < earlier.start && end > earlier.end && end - earlier.end >= earlier.start - start) {
                notes.append("\(seconds) s of \(earlier.name) (\(Self.range(earlier.start, earlier.end))) cut from its start")
                start = earlier.end
            } else {
                notes.append("\(seconds) s of \(earlier.name) (\(Self.range(earlier.start, earlier.end))) cut from its end")
                end = earlier.start
            }
        }
        shown.append((span.source, start, end, name))
        guard !notes.isEmpty else { return .unchanged }
        return .trimmed(trimStart: start - span.start, trimEnd: span.end - end,
                        note: "shows \(Self.range(span.start + trimStart, span.end - trimEnd)) of its source; repeated "
                            + notes.joined(separator: ", ") + ": now \(Self.range(start, end))")
    }

    static func range(_ start: Double, _ end: Double) -> String {
        RecordTemplate.shortest((start * 100).rounded() / 100) + "-" + RecordTemplate.shortest((end * 100).rounded() / 100) + " s"
    }
}
