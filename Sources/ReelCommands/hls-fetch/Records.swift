import ReelCore
import ReelHLS
import ReelHTTP

extension FetchedSegment {
    /// The `segment` record (reel-records(5)).
    var record: Record {
        SegmentRecord(sequence: sequence, url: url, path: path, start: Self.rounded(start), duration: Self.rounded(duration),
                      bytes: bytes, discontinuity: discontinuity, at: programDateTime, isAdvertisement: isAdvertisement,
                      isMuted: isMuted, variant: variant, wasResumed: wasResumed).record
    }

    /// Seconds to the microsecond (sums of EXTINF durations carry float noise).
    static func rounded(_ seconds: Double) -> Double {
        (seconds * 1e6).rounded() / 1e6
    }
}

extension FetchGap {
    /// The `gap` record.
    var record: Record {
        var fields: JSONObject = ["from": JSONValue(from), "to": JSONValue(to), "start": JSONValue(FetchedSegment.rounded(start))]
        if let duration {
            fields["duration"] = JSONValue(FetchedSegment.rounded(duration))
        }
        fields["reason"] = .string(reason)
        return Record(type: "gap", fields)
    }
}

extension FetchFailure {
    /// The `error` record of a segment given up on.
    var record: Record {
        Record(type: "error", [
            "tool": "hls-fetch", "where": .string(url), "what": .string(reason),
            "seq": JSONValue(sequence), "start": JSONValue(FetchedSegment.rounded(start)),
            "duration": JSONValue(FetchedSegment.rounded(duration)), "attempts": JSONValue(attempts),
        ])
    }
}

extension HLSVariant {
    /// The `variant` record of `hls-fetch --list`.
    func record(in master: HLSMasterPlaylist, base: String, isBest: Bool) -> Record {
        var fields: JSONObject = ["name": .string(master.name(of: self))]
        if let bandwidth { fields["bandwidth"] = JSONValue(bandwidth) }
        if let size { fields["resolution"] = [JSONValue(size.width), JSONValue(size.height)] }
        if let frameRate { fields["frame_rate"] = JSONValue(frameRate) }
        if let codecs { fields["codecs"] = .string(codecs) }
        let absolute = (try? HLSReference.resolve(uri, against: base)) ?? uri
        fields["url"] = .string(URLRedaction.redact(absolute))
        if isBest { fields["best"] = true }
        return Record(type: "variant", fields)
    }
}
