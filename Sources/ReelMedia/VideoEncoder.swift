import CFFmpeg

/// An H.264 encoder (libx264) for pictures of one size and pixel format.
public final class VideoEncoder {
    /// What the encoder is asked to make.
    public struct Settings: Sendable {
        public var width: Int
        public var height: Int
        var pixelFormat: AVPixelFormat
        /// The time base of the frames' timestamps (and the packets').
        var timeBase: AVRational
        var frameRate: AVRational
        /// H.264 profile and level to match (libav's numbers; nil: the encoder's choice).
        public var profile: Int32?
        public var level: Int32?
        /// Constant rate factor (lower is better; 18 looks like the source).
        public var quality = 18
        /// x264 preset.
        public var preset = "veryfast"
        /// Frames between keyframes (nil: only the first).
        public var keyframeInterval: Int?
        /// B-frames (0 keeps decode order equal to display order).
        public var bFrames = 0
        /// Parameter sets in the extradata (MP4) rather than in band.
        public var globalHeader = false
        /// Colour description copied onto the stream.
        var colorRange = AVCOL_RANGE_UNSPECIFIED
        var colorSpace = AVCOL_SPC_UNSPECIFIED
        var colorPrimaries = AVCOL_PRI_UNSPECIFIED
        var colorTransfer = AVCOL_TRC_UNSPECIFIED
        var sampleAspectRatio = AVRational(num: 0, den: 1)

        init(width: Int, height: Int, pixelFormat: AVPixelFormat, timeBase: AVRational, frameRate: AVRational) {
            self.width = width
            self.height = height
            self.pixelFormat = pixelFormat
            self.timeBase = timeBase
            self.frameRate = frameRate
        }

        /// Settings matching a stream's parameters (size, format, profile, level, colour).
        init(matching parameters: UnsafePointer<AVCodecParameters>, timeBase: AVRational, frameRate: AVRational) {
            let p = parameters.pointee
            self.init(width: Int(p.width), height: Int(p.height),
                      pixelFormat: p.format >= 0 ? AVPixelFormat(p.format) : AV_PIX_FMT_YUV420P,
                      timeBase: timeBase, frameRate: frameRate)
            profile = p.profile >= 0 ? p.profile : nil
            level = p.level > 0 ? p.level : nil
            colorRange = p.color_range
            colorSpace = p.color_space
            colorPrimaries = p.color_primaries
            colorTransfer = p.color_trc
            sampleAspectRatio = p.sample_aspect_ratio
        }
    }

    private let context: UnsafeMutablePointer<AVCodecContext>
    private let output: Packet
    /// The settings it was opened with.
    public let settings: Settings

    /// Opens libx264 with `settings`.
    public init(settings: Settings, for location: String) throws(MediaError) {
        guard let codec = avcodec_find_encoder_by_name("libx264") else {
            throw MediaError("this libavcodec has no libx264 encoder", at: location, failure: .failed)
        }
        guard let context = avcodec_alloc_context3(codec) else {
            throw MediaError("out of memory for an encoder", at: location, failure: .failed)
        }
        self.context = context
        self.settings = settings
        output = try Packet()
        let c = context
        c.pointee.width = Int32(settings.width)
        c.pointee.height = Int32(settings.height)
        c.pointee.pix_fmt = settings.pixelFormat
        c.pointee.time_base = settings.timeBase
        c.pointee.framerate = settings.frameRate
        c.pointee.gop_size = Int32(settings.keyframeInterval ?? 100_000)
        c.pointee.max_b_frames = Int32(settings.bFrames)
        c.pointee.color_range = settings.colorRange
        c.pointee.colorspace = settings.colorSpace
        c.pointee.color_primaries = settings.colorPrimaries
        c.pointee.color_trc = settings.colorTransfer
        c.pointee.sample_aspect_ratio = settings.sampleAspectRatio
        c.pointee.thread_count = 0
        if let level = settings.level { c.pointee.level = level }
        if settings.globalHeader { c.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER }
        var options: OpaquePointer?
        defer { av_dict_free(&options) }
        av_dict_set(&options, "preset", settings.preset, 0)
        av_dict_set(&options, "crf", "\(settings.quality)", 0)
        if let profile = settings.profile, let name = Self.profileName(profile) {
            av_dict_set(&options, "profile", name, 0)
        }
        if settings.keyframeInterval != nil {
            av_dict_set(&options, "x264-params", "scenecut=0", 0)
        }
        let code = avcodec_open2(context, codec, &options)
        guard code >= 0 else {
            throw MediaError(code: code, doing: "cannot open the H.264 encoder", at: location, failure: .failed)
        }
    }

    deinit {
        var freeing: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&freeing)
    }

    static func profileName(_ profile: Int32) -> String? {
        switch profile {
        case FF_PROFILE_H264_BASELINE, FF_PROFILE_H264_CONSTRAINED_BASELINE: return "baseline"
        case FF_PROFILE_H264_MAIN: return "main"
        case FF_PROFILE_H264_HIGH: return "high"
        case FF_PROFILE_H264_HIGH_10: return "high10"
        case FF_PROFILE_H264_HIGH_422: return "high422"
        case FF_PROFILE_H264_HIGH_444_PREDICTIVE: return "high444"
        default: return nil
        }
    }

    /// Fills `parameters` with the stream parameters of what it makes (after opening).
    func parameters(into parameters: UnsafeMutablePointer<AVCodecParameters>) {
        avcodec_parameters_from_context(parameters, context)
    }

    /// Encodes `frame` (its `pts` in the settings' time base); nil drains the encoder.
    public func send(_ frame: DecodedFrame?) throws(MediaError) {
        if let frame {
            frame.pointer.pointee.pict_type = AV_PICTURE_TYPE_NONE
        }
        let code = avcodec_send_frame(context, frame?.pointer)
        guard code >= 0 || code == reel_averror_eof() else {
            throw MediaError(code: code, doing: "cannot encode a frame", at: "", failure: .failed)
        }
    }

    /// The next packet made, or nil when it needs more frames (or is drained). The packet is
    /// reused by the next call: `detach()` it to keep it.
    public func receive() -> Packet? {
        avcodec_receive_packet(context, output.pointer) >= 0 ? output : nil
    }
}
