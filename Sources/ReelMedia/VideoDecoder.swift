import CFFmpeg

/// A single-threaded video decoder for one stream of a file.
///
/// Single-threaded on purpose: `skipping` may change from one packet to the next (frame
/// threading would apply it late), and sparse sampling gains little from threads; frame-sample
/// runs one decoder per core instead.
public final class VideoDecoder {
    /// Which pictures the decoder may leave undecoded.
    public enum Skipping: Sendable {
        /// Decode everything.
        case nothing
        /// Skip pictures no other picture refers to (their absence changes no other picture).
        case nonReference
        /// Decode keyframes only.
        case nonKey
    }

    private let context: UnsafeMutablePointer<AVCodecContext>
    /// The codec's name (`h264`, ...).
    public let codecName: String
    /// The stream's time base.
    let timeBase: AVRational
    private let output: DecodedFrame

    /// The most pixels a picture may have: 8K (8192x4608).
    public static let maximumPixels: Int64 = 8192 * 4608

    /// A decoder for a stream's (copied) parameters.
    init(config: CodecConfig) throws(MediaError) {
        let source = config.source
        let parameters = config.parameters
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            let name = String(cString: avcodec_get_name(parameters.pointee.codec_id))
            throw MediaError("no decoder for \(name)", at: source)
        }
        guard let context = avcodec_alloc_context3(codec) else {
            throw MediaError("out of memory for a decoder", at: source, failure: .failed)
        }
        self.context = context
        codecName = String(cString: codec.pointee.name)
        timeBase = config.timeBase
        output = try DecodedFrame()
        var code = avcodec_parameters_to_context(context, parameters)
        if code >= 0 {
            context.pointee.thread_count = 1
            context.pointee.pkt_timebase = config.timeBase
            // A stream declaring huge pictures (a damaged or hostile header) is refused, not
            // allocated: at most 8K (8192x4608) of pixels a picture.
            context.pointee.max_pixels = Self.maximumPixels
            code = avcodec_open2(context, codec, nil)
        }
        guard code >= 0 else {
            throw MediaError(code: code, doing: "cannot open the \(codecName) decoder", at: source)
        }
    }

    deinit {
        var freeing: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&freeing)
    }

    /// Which pictures are left undecoded from the next packet on.
    public var skipping: Skipping = .nothing {
        didSet {
            switch skipping {
            case .nothing: context.pointee.skip_frame = AVDISCARD_DEFAULT
            case .nonReference: context.pointee.skip_frame = AVDISCARD_NONREF
            case .nonKey: context.pointee.skip_frame = AVDISCARD_NONKEY
            }
        }
    }

    /// Sends a packet; `nil` starts draining (the end of a run of packets).
    /// Returns libav's error code for damaged data (0 when accepted).
    @discardableResult
    public func send(_ packet: Packet?) -> Int32 {
        let code = avcodec_send_packet(context, packet?.pointer)
        return code == reel_averror_eagain() ? 0 : code
    }

    /// The next decoded picture, or nil when the decoder needs more input (or is drained).
    /// The frame returned is reused by the next call: take a `reference()` to keep it.
    public func receive() -> DecodedFrame? {
        avcodec_receive_frame(context, output.pointer) >= 0 ? output : nil
    }

    /// Forgets everything buffered (after draining, or to start again at a keyframe).
    public func reset() {
        avcodec_flush_buffers(context)
    }
}
