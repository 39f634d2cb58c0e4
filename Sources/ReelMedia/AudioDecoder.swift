import CFFmpeg

/// A decoder for one audio stream of a file.
public final class AudioDecoder {
    private let context: UnsafeMutablePointer<AVCodecContext>
    private let output: DecodedFrame
    /// The stream's time base.
    let timeBase: AVRational

    /// A decoder for a stream's (copied) parameters.
    init(config: CodecConfig) throws(MediaError) {
        let parameters = config.parameters
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            throw MediaError("no decoder for \(String(cString: avcodec_get_name(parameters.pointee.codec_id)))", at: config.source)
        }
        guard let context = avcodec_alloc_context3(codec) else {
            throw MediaError("out of memory for a decoder", at: config.source, failure: .failed)
        }
        self.context = context
        timeBase = config.timeBase
        output = try DecodedFrame()
        var code = avcodec_parameters_to_context(context, parameters)
        if code >= 0 {
            context.pointee.pkt_timebase = config.timeBase
            code = avcodec_open2(context, codec, nil)
        }
        guard code >= 0 else {
            throw MediaError(code: code, doing: "cannot open the audio decoder", at: config.source)
        }
    }

    deinit {
        var freeing: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&freeing)
    }

    /// Sends a packet; nil drains. Returns libav's code for damaged data (0 when accepted).
    @discardableResult
    public func send(_ packet: Packet?) -> Int32 {
        let code = avcodec_send_packet(context, packet?.pointer)
        return code == reel_averror_eagain() ? 0 : code
    }

    /// The next decoded samples, or nil when it needs more input. Reused by the next call.
    public func receive() -> DecodedFrame? {
        avcodec_receive_frame(context, output.pointer) >= 0 ? output : nil
    }
}
