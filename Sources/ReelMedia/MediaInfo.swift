/// What a media file holds: its container, duration and streams.
public struct MediaInfo: Sendable, Equatable {
    /// The container format's short name(s), e.g. `mpegts`, `mov,mp4,m4a,3gp,3g2,mj2`.
    public var formatName: String
    /// The duration in seconds, when the container says.
    public var duration: Double?
    /// The start time in seconds (MPEG-TS usually starts near 1.4 s), when known.
    public var startTime: Double?
    /// The streams in file order.
    public var streams: [StreamInfo]

    /// The first video stream.
    public var video: StreamInfo? { streams.first { $0.kind == .video } }
    /// The first audio stream.
    public var audio: StreamInfo? { streams.first { $0.kind == .audio } }
}

/// One stream of a media file.
public struct StreamInfo: Sendable, Equatable {
    /// What a stream carries.
    public enum Kind: String, Sendable {
        case video, audio, subtitle, data, other
    }

    /// The stream's index in the file.
    public var index: Int
    /// Video, audio, ...
    public var kind: Kind
    /// libavcodec's codec name: `h264`, `aac`, ...
    public var codec: String
    /// Frame size of a video stream.
    public var width: Int?
    public var height: Int?
    /// Average frame rate of a video stream, frames per second.
    public var frameRate: Double?
    /// Sample rate and channel count of an audio stream.
    public var sampleRate: Int?
    public var channels: Int?
    /// Duration of the stream in seconds, when known.
    public var duration: Double?
}
