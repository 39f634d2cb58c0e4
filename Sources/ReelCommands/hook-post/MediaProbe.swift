import Foundation
import ReelMedia
import Synchronization

/// Whether a file is video, audio or an image, as libav reads it (local files only): the
/// check hook-post makes before attaching a record's file. Answers are kept per path.
enum MediaProbe {
    private static let known = Mutex<[String: Bool]>([:])

    /// Whether libav opens the file at `path` and finds a video or audio stream in it (an
    /// image opens as a video stream of one picture).
    @Sendable static func isMedia(_ path: String) -> Bool {
        if let answer = known.withLock({ $0[path] }) {
            return answer
        }
        let answer = (try? InputFile(path: path)).map { file in
            file.info.streams.contains { $0.kind == .video || $0.kind == .audio }
        } ?? false
        known.withLock { $0[path] = answer }
        return answer
    }
}
