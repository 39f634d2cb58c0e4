import CFFmpeg

/// Converts decoded audio of any format, rate and layout to 48 kHz stereo float samples
/// (libswresample), with a volume factor.
public final class AudioConverter {
    private var context: OpaquePointer?
    private let volume: Float

    /// A converter for frames like `frame` (the first frame of a stream).
    public init(like frame: DecodedFrame, volume: Double) throws(MediaError) {
        self.volume = Float(volume)
        var output = AVChannelLayout()
        av_channel_layout_default(&output, Int32(AudioEncoder.channels))
        let code = swr_alloc_set_opts2(&context, &output, AV_SAMPLE_FMT_FLTP, AudioEncoder.sampleRate,
                                       &frame.pointer.pointee.ch_layout, AVSampleFormat(frame.pointer.pointee.format),
                                       frame.pointer.pointee.sample_rate, 0, nil)
        guard code >= 0, swr_init(context) >= 0 else {
            throw MediaError("cannot convert this audio", at: "", failure: .badInput)
        }
    }

    deinit {
        swr_free(&context)
    }

    /// The samples of `frame` (nil: what the converter still holds), as (left, right).
    public func convert(_ frame: DecodedFrame?) -> (left: [Float], right: [Float]) {
        let inCount = Int32(frame?.pointer.pointee.nb_samples ?? 0)
        let capacity = Int(swr_get_out_samples(context, inCount)) + 32
        guard capacity > 0 else { return ([], []) }
        var left = [Float](repeating: 0, count: capacity)
        var right = [Float](repeating: 0, count: capacity)
        let made: Int32 = left.withUnsafeMutableBufferPointer { l in
            right.withUnsafeMutableBufferPointer { r in
                var planes: [UnsafeMutablePointer<UInt8>?] = [
                    UnsafeMutableRawPointer(l.baseAddress).map { $0.assumingMemoryBound(to: UInt8.self) },
                    UnsafeMutableRawPointer(r.baseAddress).map { $0.assumingMemoryBound(to: UInt8.self) },
                ]
                return planes.withUnsafeMutableBufferPointer { out in
                    if let frame {
                        let input = UnsafeMutableRawPointer(frame.pointer.pointee.extended_data)
                            .assumingMemoryBound(to: UnsafePointer<UInt8>?.self)
                        return swr_convert(context, out.baseAddress, Int32(capacity), input, inCount)
                    }
                    return swr_convert(context, out.baseAddress, Int32(capacity), nil, 0)
                }
            }
        }
        let count = max(0, Int(made))
        left.removeSubrange(count...)
        right.removeSubrange(count...)
        if volume != 1 {
            for index in 0..<count {
                left[index] = max(-1, min(1, left[index] * volume))
                right[index] = max(-1, min(1, right[index] * volume))
            }
        }
        return (left, right)
    }
}
