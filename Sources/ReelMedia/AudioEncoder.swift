import CFFmpeg

/// An AAC encoder fed with planar float samples at 48 kHz stereo, in any amounts: it cuts
/// them into the encoder's frames itself, and counts time in samples.
public final class AudioEncoder {
    /// The sample rate it encodes at.
    public static let sampleRate: Int32 = 48_000
    /// Its channels.
    public static let channels = 2

    private let context: UnsafeMutablePointer<AVCodecContext>
    private let output: Packet
    private var left: [Float] = []
    private var right: [Float] = []
    private var nextSample: Int64 = 0
    /// The samples an encoder frame holds.
    public let frameSize: Int

    /// Opens libavcodec's AAC encoder (`globalHeader` for MP4).
    public init(bitRate: Int = 160_000, globalHeader: Bool, for location: String) throws(MediaError) {
        guard let codec = avcodec_find_encoder(AV_CODEC_ID_AAC) else {
            throw MediaError("this libavcodec has no AAC encoder", at: location, failure: .failed)
        }
        guard let context = avcodec_alloc_context3(codec) else {
            throw MediaError("out of memory for an encoder", at: location, failure: .failed)
        }
        self.context = context
        output = try Packet()
        context.pointee.sample_rate = Self.sampleRate
        context.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
        av_channel_layout_default(&context.pointee.ch_layout, Int32(Self.channels))
        context.pointee.bit_rate = Int64(bitRate)
        context.pointee.time_base = AVRational(num: 1, den: Self.sampleRate)
        if globalHeader { context.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER }
        let code = avcodec_open2(context, codec, nil)
        guard code >= 0 else {
            throw MediaError(code: code, doing: "cannot open the AAC encoder", at: location, failure: .failed)
        }
        frameSize = Int(context.pointee.frame_size > 0 ? context.pointee.frame_size : 1024)
    }

    deinit {
        var freeing: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&freeing)
    }

    /// The time base of its packets (1/48000).
    var timeBase: AVRational { AVRational(num: 1, den: Self.sampleRate) }

    /// Samples given so far (encoded or waiting).
    public var samplesGiven: Int64 { nextSample + Int64(left.count) }

    /// Fills `parameters` with what it makes.
    func parameters(into parameters: UnsafeMutablePointer<AVCodecParameters>) {
        avcodec_parameters_from_context(parameters, context)
    }

    /// Adds samples (left, right); whole encoder frames are encoded and handed to `write`.
    public func add(left newLeft: [Float], right newRight: [Float], write: (Packet) throws(MediaError) -> Void) throws(MediaError) {
        left += newLeft
        right += newRight
        while left.count >= frameSize {
            try encodeFrame(count: frameSize, write: write)
        }
    }

    /// Adds `count` samples of silence.
    public func addSilence(_ count: Int, write: (Packet) throws(MediaError) -> Void) throws(MediaError) {
        guard count > 0 else { return }
        let zeros = [Float](repeating: 0, count: count)
        try add(left: zeros, right: zeros, write: write)
    }

    /// Encodes what waits (padded to a frame) and drains the encoder.
    public func finish(write: (Packet) throws(MediaError) -> Void) throws(MediaError) {
        if !left.isEmpty {
            try encodeFrame(count: left.count, write: write)
        }
        avcodec_send_frame(context, nil)
        try drain(write)
    }

    private func encodeFrame(count: Int, write: (Packet) throws(MediaError) -> Void) throws(MediaError) {
        let frame = try DecodedFrame()
        let f = frame.pointer
        f.pointee.nb_samples = Int32(count)
        f.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
        f.pointee.sample_rate = Self.sampleRate
        av_channel_layout_default(&f.pointee.ch_layout, Int32(Self.channels))
        guard av_frame_get_buffer(f, 0) >= 0 else {
            throw MediaError("out of memory for audio", at: "", failure: .failed)
        }
        for (channel, samples) in [left, right].enumerated() {
            guard let plane = f.pointee.extended_data[channel] else { continue }
            plane.withMemoryRebound(to: Float.self, capacity: count) { target in
                samples.withUnsafeBufferPointer { source in
                    if let base = source.baseAddress { target.update(from: base, count: count) }
                }
            }
        }
        left.removeFirst(count)
        right.removeFirst(count)
        f.pointee.pts = nextSample
        nextSample += Int64(count)
        let code = avcodec_send_frame(context, f)
        guard code >= 0 else {
            throw MediaError(code: code, doing: "cannot encode audio", at: "", failure: .failed)
        }
        try drain(write)
    }

    private func drain(_ write: (Packet) throws(MediaError) -> Void) throws(MediaError) {
        while avcodec_receive_packet(context, output.pointer) >= 0 {
            try write(output)
            av_packet_unref(output.pointer)
        }
    }
}
