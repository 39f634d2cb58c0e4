import CFFmpeg

/// A decoded picture (an owned AVFrame).
public final class DecodedFrame {
    /// The AVFrame (owned: freed on deinit).
    let pointer: UnsafeMutablePointer<AVFrame>

    /// An empty frame.
    public init() throws(MediaError) {
        guard let frame = av_frame_alloc() else {
            throw MediaError("out of memory for a frame", at: "", failure: .failed)
        }
        pointer = frame
    }

    deinit {
        var freeing: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&freeing)
    }

    /// A new reference to the same picture (no copy of the pixels), which may go to another
    /// thread.
    public func reference() throws(MediaError) -> sending DecodedFrame {
        // Unchecked here alone: the two share only libav's reference-counted picture buffers,
        // whose counts are atomic and whose pixels neither writes (a writer makes its own copy).
        nonisolated(unsafe) let copy = try DecodedFrame()
        guard av_frame_ref(copy.pointer, pointer) >= 0 else {
            throw MediaError("out of memory referencing a frame", at: "", failure: .failed)
        }
        return copy
    }

    public var width: Int { Int(pointer.pointee.width) }
    public var height: Int { Int(pointer.pointee.height) }
    var format: AVPixelFormat { AVPixelFormat(pointer.pointee.format) }

    /// The (x, y) multiples a crop box needs in this picture, so that its chroma planes start
    /// on a whole sample (2 for 4:2:0).
    public var cropAlignment: (x: Int, y: Int) { CropConverter.alignment(of: format) }

    /// Its presentation timestamp in the stream's time base, as the decoder best knows it.
    public var timestamp: Int64? {
        let nopts = reel_av_nopts_value()
        let best = pointer.pointee.best_effort_timestamp
        if best != nopts { return best }
        return pointer.pointee.pts != nopts ? pointer.pointee.pts : nil
    }

    /// Whether it is a keyframe (an intra picture).
    public var isKey: Bool {
        reel_frame_is_key(pointer) != 0 || pointer.pointee.pict_type == AV_PICTURE_TYPE_I
    }

    /// Whether the decoder met errors making it (damaged data it concealed, missing references).
    public var hasErrors: Bool {
        pointer.pointee.flags & AV_FRAME_FLAG_CORRUPT != 0 || pointer.pointee.decode_error_flags != 0
    }
}
