import CFFmpeg

/// A local media file opened with libavformat.
///
/// Only the `file` protocol is allowed: a playlist or a name like `concat:` or `http://` cannot
/// make libavformat read anything but local files.
public final class InputFile {
    /// The path as given.
    public let path: String
    /// The demuxer context (owned: closed on deinit).
    let context: UnsafeMutablePointer<AVFormatContext>
    /// Packets the demuxer could not read and skipped (damaged data).
    public internal(set) var skippedDamage = 0

    /// Opens `path` and reads enough of it to know its streams.
    public init(path: String) throws(MediaError) {
        self.path = path
        var options: OpaquePointer?
        av_dict_set(&options, "protocol_whitelist", "file", 0)
        defer { av_dict_free(&options) }
        var opened: UnsafeMutablePointer<AVFormatContext>?
        let url = path.hasPrefix("/") ? "file:" + path : "file:./" + path
        let code = avformat_open_input(&opened, url, nil, &options)
        guard code >= 0, let opened else {
            throw MediaError(code: code, doing: "cannot open", at: path)
        }
        context = opened
        let found = avformat_find_stream_info(opened, nil)
        guard found >= 0 else {
            // Thrown after every property is set: deinit runs and closes the file.
            throw MediaError(code: found, doing: "cannot read stream information", at: path)
        }
    }

    deinit {
        var closing: UnsafeMutablePointer<AVFormatContext>? = context
        avformat_close_input(&closing)
    }

    /// The container, duration and streams.
    public var info: MediaInfo {
        let format = context.pointee
        let nopts = reel_av_nopts_value()
        let streams = (0..<Int(format.nb_streams)).compactMap { index -> StreamInfo? in
            guard let stream = format.streams[index] else { return nil }
            return StreamInfo(stream: stream.pointee, index: index)
        }
        return MediaInfo(
            formatName: format.iformat.map { String(cString: $0.pointee.name) } ?? "unknown",
            duration: format.duration == nopts ? nil : Double(format.duration) / Double(AV_TIME_BASE),
            startTime: format.start_time == nopts ? nil : Double(format.start_time) / Double(AV_TIME_BASE),
            streams: streams)
    }
}

extension StreamInfo {
    init(stream: AVStream, index: Int) {
        let parameters = stream.codecpar.pointee
        let kind: Kind
        switch parameters.codec_type {
        case AVMEDIA_TYPE_VIDEO: kind = .video
        case AVMEDIA_TYPE_AUDIO: kind = .audio
        case AVMEDIA_TYPE_SUBTITLE: kind = .subtitle
        case AVMEDIA_TYPE_DATA: kind = .data
        default: kind = .other
        }
        let rate = stream.avg_frame_rate.num > 0 ? stream.avg_frame_rate : stream.r_frame_rate
        let nopts = reel_av_nopts_value()
        self.init(
            index: index,
            kind: kind,
            codec: String(cString: avcodec_get_name(parameters.codec_id)),
            width: kind == .video ? Int(parameters.width) : nil,
            height: kind == .video ? Int(parameters.height) : nil,
            frameRate: kind == .video && rate.num > 0 && rate.den > 0 ? av_q2d(rate) : nil,
            sampleRate: kind == .audio ? Int(parameters.sample_rate) : nil,
            channels: kind == .audio ? Int(parameters.ch_layout.nb_channels) : nil,
            duration: stream.duration == nopts ? nil : Double(stream.duration) * av_q2d(stream.time_base))
    }
}
