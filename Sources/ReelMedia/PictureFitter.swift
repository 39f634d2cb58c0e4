import CFFmpeg
import ReelCore

/// Fits decoded pictures into frames of one size in YUV 4:2:0 (libswscale): scaled to fit with
/// their aspect kept, centred on black.
public final class PictureFitter {
    public let width: Int
    public let height: Int
    private var scaler: OpaquePointer?
    private var sourceKey: (Int32, Int32, Int32) = (0, 0, -1)

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    deinit {
        sws_freeContext(scaler)
    }

    /// A new frame of the target size holding `frame`'s picture.
    public func fit(_ frame: DecodedFrame) throws(MediaError) -> DecodedFrame {
        let source = frame.pointer.pointee
        let output = try DecodedFrame()
        let o = output.pointer
        o.pointee.width = Int32(width)
        o.pointee.height = Int32(height)
        o.pointee.format = AV_PIX_FMT_YUV420P.rawValue
        guard av_frame_get_buffer(o, 0) >= 0 else {
            throw MediaError("out of memory for a picture", at: "", failure: .failed)
        }
        let (outPlanes, outStrides) = Self.planes(of: o)
        // Black: Y 16, U and V 128 (limited range).
        for (plane, value, rows) in [(0, Int32(16), height), (1, Int32(128), height / 2), (2, Int32(128), height / 2)] {
            if let data = outPlanes[plane] { memset(data, value, Int(outStrides[plane]) * rows) }
        }
        let scale = min(Double(width) / Double(source.width), Double(height) / Double(source.height))
        let w = max(2, min(Int(saturating: Double(source.width) * scale / 2), 1 << 24) * 2)
        let h = max(2, min(Int(saturating: Double(source.height) * scale / 2), 1 << 24) * 2)
        let x = ((width - min(w, width)) / 4) * 2, y = ((height - min(h, height)) / 4) * 2
        let key = (source.width, source.height, source.format)
        if scaler == nil || key != sourceKey {
            sws_freeContext(scaler)
            scaler = sws_getContext(source.width, source.height, AVPixelFormat(source.format), Int32(min(w, width)),
                                    Int32(min(h, height)), AV_PIX_FMT_YUV420P, Int32(SWS_BICUBIC), nil, nil, nil)
            sourceKey = key
        }
        guard let scaler else { throw MediaError("cannot scale this picture", at: "", failure: .badInput) }
        var planes: [UnsafeMutablePointer<UInt8>?] = [
            outPlanes[0].map { $0 + y * Int(outStrides[0]) + x },
            outPlanes[1].map { $0 + (y / 2) * Int(outStrides[1]) + x / 2 },
            outPlanes[2].map { $0 + (y / 2) * Int(outStrides[2]) + x / 2 },
            nil,
        ]
        var strides = outStrides
        let (inPlanes, inStrides) = Self.planes(of: frame.pointer)
        var sourcePlanes: [UnsafePointer<UInt8>?] = inPlanes.map { $0.map { UnsafePointer($0) } }
        var sourceStrides = inStrides
        sws_scale(scaler, &sourcePlanes, &sourceStrides, 0, source.height, &planes, &strides)
        return output
    }

    /// The first four planes of a frame and their strides.
    static func planes(of frame: UnsafeMutablePointer<AVFrame>) -> ([UnsafeMutablePointer<UInt8>?], [Int32]) {
        let planes = withUnsafeBytes(of: frame.pointee.data) { raw in
            Array(raw.bindMemory(to: UnsafeMutablePointer<UInt8>?.self).prefix(4))
        }
        let strides = withUnsafeBytes(of: frame.pointee.linesize) { raw in
            Array(raw.bindMemory(to: Int32.self).prefix(4))
        }
        return (planes, strides)
    }
}
