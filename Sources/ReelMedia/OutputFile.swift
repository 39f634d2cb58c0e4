import CFFmpeg
import Glibc
import ReelCore

/// A media file written with libavformat, atomically: packets go to a temporary name in the
/// same folder (created exclusively: a planted symbolic link is never followed), and
/// `finish()` renames it into place once the trailer is written. A character device
/// (`/dev/null`), a FIFO or `-` (stdout) is written straight to instead, as ffmpeg does (MP4
/// then without the index at the front, fragmented when the output cannot seek); anything
/// else already at the path but a regular file is refused.
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
    /// The muxer context (owned).
    let context: UnsafeMutablePointer<AVFormatContext>
    private let container: Container
    private let target: AtomicFile.Target
    private var temporary: String?
    private var lastDecodeTimestamp: [Int: Int64] = [:]
    private var finished = false

    /// Prepares `path` (nothing is written until `begin()`).
    public init(path: String, container: Container) throws(MediaError) {
        self.path = path
        self.container = container
        do {
            target = try AtomicFile.target(of: path)
        } catch {
            throw MediaError(error.reason, at: path, failure: error.failure)
        }
        var made: UnsafeMutablePointer<AVFormatContext>?
        let code = avformat_alloc_output_context2(&made, nil, container.muxerName, nil)
        guard code >= 0, let made else {
            throw MediaError(code: code, doing: "cannot prepare a \(container.rawValue) file", at: path)
        }
        context = made
    }

    deinit {
        if context.pointee.pb != nil {
            avio_closep(&context.pointee.pb)
        }
        if !finished, let temporary {
            unlink(temporary)
        }
        avformat_free_context(context)
    }

    /// Adds a stream with `parameters` (copied) and `timeBase`; returns its index.
    @discardableResult
    func addStream(parameters: UnsafePointer<AVCodecParameters>, timeBase: AVRational) throws(MediaError) -> Int {
        guard let stream = avformat_new_stream(context, nil) else {
            throw MediaError("out of memory for a stream", at: path, failure: .failed)
        }
        guard avcodec_parameters_copy(stream.pointee.codecpar, parameters) >= 0 else {
            throw MediaError("cannot copy codec parameters", at: path, failure: .failed)
        }
        stream.pointee.codecpar.pointee.codec_tag = 0
        stream.pointee.time_base = timeBase
        return Int(stream.pointee.index)
    }

    /// The time base the muxer chose for stream `index` (valid after `begin()`).
    func timeBase(ofStream index: Int) -> AVRational {
        context.pointee.streams[index]?.pointee.time_base ?? AVRational(num: 1, den: 90_000)
    }

    /// Opens the temporary file (or the device, FIFO or stdout) and writes the header.
    public func begin() throws(MediaError) {
        let url: String
        switch target {
        case .absent, .regular:
            do {
                let (made, descriptor) = try AtomicFile.createTemporary(for: path)
                close(descriptor)
                temporary = made
                url = "file:" + made
            } catch {
                throw MediaError(error.reason, at: error.location ?? path, failure: error.failure)
            }
        case .stream:
            url = "file:" + path
        case .standardOutput:
            url = "pipe:1"
        }
        // The MP4 muxer reopens the file by this name to move its index to the front.
        av_free(context.pointee.url)
        context.pointee.url = av_strdup(url)
        let opened = avio_open(&context.pointee.pb, url, AVIO_FLAG_WRITE)
        guard opened >= 0, let pb = context.pointee.pb else {
            throw MediaError(code: opened, doing: "cannot create", at: path)
        }
        var options: OpaquePointer?
        if container == .mp4 {
            if temporary != nil {
                av_dict_set(&options, "movflags", "+faststart", 0)
            } else if pb.pointee.seekable == 0 {
                av_dict_set(&options, "movflags", "+frag_keyframe+empty_moov+default_base_moof", 0)
            }
        }
        defer { av_dict_free(&options) }
        let code = avformat_write_header(context, &options)
        guard code >= 0 else {
            throw MediaError(code: code, doing: "cannot write the header", at: path)
        }
    }

    /// Writes a packet whose timestamps are in `timeBase`, to stream `index` (interleaved).
    ///
    /// Decode times that fail to grow once in the stream's own time base (two close ones
    /// rounded alike, a repeated one from damaged input) are moved on by a tick. A packet the
    /// muxer refuses as damaged throws as `badInput` (the caller may go on without it);
    /// other failures are I/O failures (`ioFailed`).
    func write(_ packet: Packet, stream index: Int, timeBase: AVRational) throws(MediaError) {
        let pointer = packet.pointer
        pointer.pointee.stream_index = Int32(index)
        av_packet_rescale_ts(pointer, timeBase, self.timeBase(ofStream: index))
        let nopts = reel_av_nopts_value()
        if pointer.pointee.dts != nopts {
            if let last = lastDecodeTimestamp[index], pointer.pointee.dts <= last, last < Int64.max {
                pointer.pointee.dts = last + 1
                if pointer.pointee.pts != nopts {
                    pointer.pointee.pts = max(pointer.pointee.pts, pointer.pointee.dts)
                }
            }
            lastDecodeTimestamp[index] = pointer.pointee.dts
        }
        pointer.pointee.pos = -1
        let code = av_interleaved_write_frame(context, pointer)
        guard code >= 0 else {
            let damaged = code == reel_averror_invaliddata()
            throw MediaError(code: code, doing: damaged ? "a damaged packet was refused" : "cannot write a packet", at: path,
                             failure: damaged ? .badInput : .ioFailed)
        }
    }

    /// Writes the trailer, closes the file and renames it into place.
    public func finish() throws(MediaError) {
        let code = av_write_trailer(context)
        let closed = avio_closep(&context.pointee.pb)
        finished = true
        guard code >= 0, closed >= 0 else {
            if let temporary { unlink(temporary) }
            throw MediaError(code: code < 0 ? code : closed, doing: "cannot finish", at: path, failure: .ioFailed)
        }
        guard let temporary else { return }
        do {
            try AtomicFile.moveIntoPlace(temporary, to: path)
        } catch {
            throw MediaError(error.reason, at: path, failure: .ioFailed)
        }
    }
}
