import ReelCore
import ReelMedia

/// What a clip file was cut for, stored with what was cut in the file's `comment` tag, so a
/// rerun can tell a complete clip of the same request (not cut again) from a stale one.
struct ClipRequest: Equatable {
    var window: [Double]
    var accurate: Bool
    var source: String

    /// The comment stored in a clip: the request and the result.
    func comment(for clip: CutClip) -> String {
        var object = JSONObject()
        object["reel"] = .string("clip-cut")
        object["window"] = .array(window.map { JSONValue($0) })
        object["accurate"] = .bool(accurate)
        object["source"] = .string(source)
        object["start"] = JSONValue(clip.start)
        object["end"] = JSONValue(clip.end)
        object["duration"] = JSONValue(clip.duration)
        object["method"] = .string(clip.method.rawValue)
        object["skipped"] = .array(clip.skipped.map { .array([JSONValue($0.lowerBound), JSONValue($0.upperBound)]) })
        object["clipped"] = .bool(clip.clipped)
        return String(decoding: JSONValue.object(object).serialized(), as: UTF8.self)
    }

    /// The request stored in the clip at `path` and what it holds, when it is such a clip.
    /// (MPEG-TS keeps no comment: TS clips are cut again.)
    static func stored(in path: String) -> (request: ClipRequest, clip: CutClip)? {
        guard let file = try? InputFile(path: path), let comment = file.metadata("comment"),
              let record = try? Record.parse(line: Array(comment.utf8)), record["reel"]?.stringValue == "clip-cut",
              let window = record["window"]?.arrayValue?.compactMap(\.doubleValue), window.count == 2,
              let accurate = record["accurate"]?.boolValue, let source = record["source"]?.stringValue,
              let start = record["start"]?.doubleValue, let end = record["end"]?.doubleValue,
              let duration = record["duration"]?.doubleValue,
              let method = record["method"]?.stringValue.flatMap(CutClip.Method.init(rawValue:)) else { return nil }
        let skipped = (record["skipped"]?.arrayValue ?? []).compactMap { span -> ClosedRange<Double>? in
            guard let bounds = span.arrayValue?.compactMap(\.doubleValue), bounds.count == 2, bounds[0] <= bounds[1] else {
                return nil
            }
            return bounds[0]...bounds[1]
        }
        let clip = CutClip(start: start, end: end, duration: duration, method: method, skipped: skipped,
                           clipped: record["clipped"]?.boolValue ?? false)
        return (ClipRequest(window: window, accurate: accurate, source: source), clip)
    }
}
