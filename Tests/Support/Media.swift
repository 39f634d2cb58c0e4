import Foundation

/// Media fixtures made with the ffmpeg CLI (independent of reel's code).
public enum Media {
    /// Cuts `video` into HLS segments of about `seconds` (stream copy, cut at keyframes) in
    /// `folder`; returns segment records as hls-fetch writes them (start = sum of EXTINF).
    public static func segments(of video: String, seconds: Double, in folder: String) throws -> [[String: Any]] {
        let playlist = folder + "/index.m3u8"
        let result = try Subprocess.run("ffmpeg", [
            "-v", "error", "-y", "-i", video, "-c", "copy", "-f", "hls", "-hls_time", String(seconds),
            "-hls_list_size", "0", "-hls_segment_filename", folder + "/seg%05d.ts", playlist,
        ])
        guard result.status == 0 else { throw TestSetupError("ffmpeg hls: \(result.errors)") }
        var records: [[String: Any]] = []
        var start = 0.0
        var duration = 0.0
        for line in try String(contentsOfFile: playlist, encoding: .utf8).split(separator: "\n") {
            if line.hasPrefix("#EXTINF:") {
                duration = Double(line.dropFirst(8).split(separator: ",")[0]) ?? 0
            } else if !line.hasPrefix("#") {
                records.append(["type": "segment", "seq": records.count, "path": folder + "/" + line,
                                "start": start, "duration": duration])
                start += duration
            }
        }
        return records
    }

    /// Frames `indices` of `video` (decode order = display order from frame 0), each cropped to
    /// `crop` (x, y, w, h) and converted to `pixelFormat` (gray or rgb24), as raw bytes.
    public static func frames(of video: String, at indices: [Int], crop: [Int], pixelFormat: String = "gray") throws -> [Int: Data] {
        let folder = try TemporaryDirectory("ref")
        let wanted = Array(Set(indices)).sorted()
        var images: [Int: Data] = [:]
        // ffmpeg's expression parser takes a limited number of terms: select in chunks.
        for chunkStart in stride(from: 0, to: wanted.count, by: 40) {
            let chunk = Array(wanted[chunkStart..<min(wanted.count, chunkStart + 40)])
            let select = chunk.map { "eq(n\\,\($0))" }.joined(separator: "+")
            let result = try Subprocess.run("ffmpeg", [
                "-v", "error", "-i", video, "-vf", "select='\(select)',crop=\(crop[2]):\(crop[3]):\(crop[0]):\(crop[1])",
                "-fps_mode", "passthrough", "-pix_fmt", pixelFormat, "-c:v", "rawvideo", "-f", "image2", folder.file("c\(chunkStart)-%04d.raw"),
            ])
            guard result.status == 0 else { throw TestSetupError("ffmpeg: \(result.errors)") }
            for (order, index) in chunk.enumerated() {
                images[index] = try Data(contentsOf: URL(fileURLWithPath: folder.file(String(format: "c\(chunkStart)-%04d.raw", order + 1))))
            }
        }
        return images
    }

    /// A video whose every picture carries its own frame number (`bits` white or grey boxes,
    /// 40 px wide, along the top 40 rows from x = 80: bit k white when set) over flat grey
    /// (0x404040) below, with a tone; H.264 + AAC, a keyframe every second.
    public static func numbered(seconds: Int, size: String = "640x360", fps: Int = 30, to path: String) throws {
        let boxes = (0..<12).map { k in
            ",drawbox=x=\(80 + 40 * k):y=0:w=40:h=40:c=white:t=fill:enable='gt(mod(floor(n/\(1 << k)),2),0)'"
        }.joined()
        let result = try Subprocess.run("ffmpeg", [
            "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=0x404040:s=\(size):r=\(fps):d=\(seconds)",
            "-f", "lavfi", "-i", "sine=f=440:r=48000:d=\(seconds)", "-vf", "format=yuv420p" + boxes,
            "-c:v", "libx264", "-g", String(fps), "-keyint_min", String(fps), "-sc_threshold", "0",
            "-c:a", "aac", "-ac", "2", "-shortest", path,
        ])
        guard result.status == 0 else { throw TestSetupError("ffmpeg: \(result.errors)") }
    }

    /// The frame numbers a `numbered` video's pictures carry, every picture as stored (-1
    /// where the boxes are not there: a card).
    public static func frameNumbers(of video: String) throws -> [Int] {
        let result = try Subprocess.run("ffmpeg", ["-v", "error", "-i", video, "-fps_mode", "passthrough", "-vf",
                                                   "crop=480:40:80:0,scale=12:1:flags=area,format=gray", "-f", "rawvideo", "-"])
        guard result.status == 0 else { throw TestSetupError("ffmpeg: \(result.errors)") }
        let bytes = [UInt8](result.stdout)
        return stride(from: 0, to: bytes.count - 11, by: 12).map { start in
            let bits = bytes[start..<start + 12]
            guard bits.allSatisfy({ $0 > 200 || ($0 > 40 && $0 < 90) }) else { return -1 }
            return bits.enumerated().reduce(0) { $0 | ($1.element > 128 ? 1 << $1.offset : 0) }
        }
    }

    /// The presentation times (s) of the keyframes of `video`'s first video stream.
    public static func keyframeTimes(of video: String) throws -> [Double] {
        let result = try Subprocess.run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries",
                                                    "packet=pts_time,flags", "-of", "csv=p=0", video])
        return result.lines.compactMap { line in
            let parts = line.split(separator: ",")
            return parts.count >= 2 && parts[1].contains("K") ? Double(parts[0]) : nil
        }.sorted()
    }
}

/// What ffprobe says of one stream of a file.
public struct ProbedStream: Sendable {
    public var kind: String
    public var codec: String
    public var start: Double
    public var duration: Double
    public var frames: Int
}

extension Media {
    /// The streams of `path` as ffprobe reports them.
    public static func streams(of path: String) throws -> [ProbedStream] {
        let result = try Subprocess.run("ffprobe", ["-v", "error", "-count_packets", "-show_entries",
                                                    "stream=codec_type,codec_name,start_time,duration,nb_read_packets",
                                                    "-of", "json", path])
        guard result.status == 0,
              let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any],
              let streams = object["streams"] as? [[String: Any]] else {
            throw TestSetupError("ffprobe \(path): \(result.errors)")
        }
        return streams.map { stream in
            ProbedStream(kind: stream["codec_type"] as? String ?? "", codec: stream["codec_name"] as? String ?? "",
                         start: Double(stream["start_time"] as? String ?? "") ?? .nan,
                         duration: Double(stream["duration"] as? String ?? "") ?? .nan,
                         frames: Int(stream["nb_read_packets"] as? String ?? "") ?? -1)
        }
    }

    /// What the ffmpeg CLI complains of decoding all of `path` (empty: it decodes clean).
    public static func decodeErrors(of path: String) throws -> String {
        let result = try Subprocess.run("ffmpeg", ["-v", "error", "-i", path, "-f", "null", "-"])
        return result.status == 0 ? result.errors : "exit \(result.status): \(result.errors)"
    }

    /// The container format ffprobe names for `path`.
    public static func formatName(of path: String) throws -> String {
        let result = try Subprocess.run("ffprobe", ["-v", "error", "-show_entries", "format=format_name", "-of", "csv=p=0", path])
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
