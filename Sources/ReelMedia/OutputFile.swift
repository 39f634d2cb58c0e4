import CFFmpeg
import Glibc
import ReelCore

/// A media file written with libavformat, atomically: packets go to a temporary name in the
/// same folder, and `finish()` renames it into place once the trailer is written.
public final class OutputFile {
    /// The container to write.
    public enum Container: String, Sendable, CaseIterable {
        /// MP4 with the index at the front (`movflags=+faststart`).
        case mp4
        /// MPEG transport stream.
        case ts

        var muxerName: String { self == .mp4 ? "mp4" : "mpegts" }
    }

    /// The final path.
    public let path: String
    private let temporary: String
    /// The muxer context (owned).
    public let context: UnsafeMutablePointer<AVFormatContext>
    private let container: Container
    private var headerWritten = false
    private var finished = false

    /// Prepares `path` (nothing is written until `begin()`).
    public init(path: String, container: Container) throws(MediaError) {
        self.path = path
        self.container = container
        temporary = Self.temporaryPath(for: path)
        var made: UnsafeMutablePointer<AVFormatContext>?
        let code = avformat_alloc_output_context2(&made, nil, container.muxerName, nil)
        guard code >= 0, let made else {
            throw MediaError(code: code, doing: "cannot prepare a \(container.rawValue) file", at: path)
        }
        context = made
    }

    deinit {
        if headerWritten && !finished {
            avio_closep(&context.pointee.pb)
            unlink(temporary)
        }
        avformat_free_context(context)
    }

    static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return folder + "." + name + ".part-\(getpid())"
    }

    /// Adds a stream with `parameters` (copied) and `timeBase`; returns its index.
    @discardableResult
    public func addStream(parameters: UnsafePointer<AVCodecParameters>, timeBase: AVRational) throws(MediaError) -> Int {
        guard let stream = avformat_new_stream(context, nil) else {
            throw MediaError("out of memory for a stream", at: path, status: .failure)
        }
        guard avcodec_parameters_copy(stream.pointee.codecpar, parameters) >= 0 else {
            throw MediaError("cannot copy codec parameters", at: path, status: .failure)
        }
        stream.pointee.codecpar.pointee.codec_tag = 0
        stream.pointee.time_base = timeBase
        return Int(stream.pointee.index)
    }

    /// The time base the muxer chose for stream `index` (valid after `begin()`).
    public func timeBase(ofStream index: Int) -> AVRational {
        context.pointee.streams[index]?.pointee.time_base ?? AVRational(num: 1, den: 90_000)
    }

    /// Opens the temporary file and writes the header.
    public func begin() throws(MediaError) {
        // The MP4 muxer reopens the file by this name to move its index to the front.
        av_free(context.pointee.url)
        context.pointee.url = av_strdup(temporary)
        let opened = avio_open(&context.pointee.pb, temporary, AVIO_FLAG_WRITE)
        guard opened >= 0 else {
            throw MediaError(code: opened, doing: "cannot create", at: path)
        }
        var options: OpaquePointer?
        if container == .mp4 {
            av_dict_set(&options, "movflags", "+faststart", 0)
        }
        defer { av_dict_free(&options) }
        let code = avformat_write_header(context, &options)
        headerWritten = true
        guard code >= 0 else {
            throw MediaError(code: code, doing: "cannot write the header", at: path)
        }
    }

    /// Writes a packet whose timestamps are in `timeBase`, to stream `index` (interleaved).
    public func write(_ packet: Packet, stream index: Int, timeBase: AVRational) throws(MediaError) {
        packet.pointer.pointee.stream_index = Int32(index)
        av_packet_rescale_ts(packet.pointer, timeBase, self.timeBase(ofStream: index))
        packet.pointer.pointee.pos = -1
        let code = av_interleaved_write_frame(context, packet.pointer)
        guard code >= 0 else {
            throw MediaError(code: code, doing: "cannot write a packet", at: path, status: .ioError)
        }
    }

    /// Writes the trailer, closes the file and renames it into place.
    public func finish() throws(MediaError) {
        let code = av_write_trailer(context)
        let closed = avio_closep(&context.pointee.pb)
        finished = true
        guard code >= 0, closed >= 0 else {
            unlink(temporary)
            throw MediaError(code: code < 0 ? code : closed, doing: "cannot finish", at: path, status: .ioError)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw MediaError("cannot rename into place: \(reason)", at: path, status: .ioError)
        }
    }
}
