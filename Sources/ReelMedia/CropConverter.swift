import CFFmpeg
import ReelVision

/// Converts rectangles of decoded frames into gray or RGB images with libswscale, touching
/// only the rectangle's pixels.
///
/// At the rectangle's own size it converts as ffmpeg's scale filter does by default (bicubic,
/// the frame's range and colour matrix), so an image equals what `ffmpeg -vf
/// crop=...,format=gray` gives for the same frame. Shrunk (the readers' crops), it scales
/// bilinearly, a 4:2:0 colour rectangle first in its own planes and then converted to RGB
/// unscaled, so that both steps run libswscale's vector code. One converter per thread;
/// contexts and buffers are cached per rectangle and format.
public final class CropConverter {
    private struct Key: Hashable {
        var source: Int32
        var width: Int
        var height: Int
        var outputWidth: Int
        var outputHeight: Int
        var color: Bool
        var fullRange: Bool
        var colorspace: UInt32
        /// The first step of a two-step colour conversion: scaling only, in the source's format.
        var scalingOnly = false
        /// The second step: converting what the first step scaled.
        var afterScaling = false
    }

    /// A rectangle scaled in the source's own 4:2:0 format, before its conversion to RGB.
    private struct ScaledPlanes {
        var planes: [UnsafePointer<UInt8>?]
        var strides: [Int32]
    }

    private var contexts: [Key: OpaquePointer] = [:]
    private var scratch: [Key: (buffer: UnsafeMutableRawPointer, stride: Int)] = [:]

    public init() {}

    deinit {
        contexts.values.forEach { sws_freeContext($0) }
        scratch.values.forEach { av_free($0.buffer) }
    }

    /// The alignment crop boxes need for a pixel format: (x, y) multiples so that chroma planes
    /// start on a whole sample (2 for 4:2:0).
    static func alignment(of format: AVPixelFormat) -> (x: Int, y: Int) {
        guard let descriptor = av_pix_fmt_desc_get(format) else { return (2, 2) }
        return (1 << Int(descriptor.pointee.log2_chroma_w), 1 << Int(descriptor.pointee.log2_chroma_h))
    }

    /// The gray image of `box` in `frame`, scaled to `outputWidth` x `outputHeight`.
    public func gray(_ frame: DecodedFrame, box: PixelBox, outputWidth: Int, outputHeight: Int) throws(MediaError) -> GrayImage {
        let pixels = try convert(frame, box: box, width: outputWidth, height: outputHeight, color: false)
        return GrayImage(width: outputWidth, height: outputHeight, pixels: pixels)
    }

    /// The RGB image of `box` in `frame`, scaled to `outputWidth` x `outputHeight`.
    public func rgb(_ frame: DecodedFrame, box: PixelBox, outputWidth: Int, outputHeight: Int) throws(MediaError) -> RGBImage {
        let pixels = try convert(frame, box: box, width: outputWidth, height: outputHeight, color: true)
        return RGBImage(width: outputWidth, height: outputHeight, pixels: pixels)
    }

    private func convert(_ frame: DecodedFrame, box: PixelBox, width: Int, height: Int, color: Bool) throws(MediaError) -> [UInt8] {
        let source = frame.pointer.pointee
        guard box.x >= 0, box.y >= 0, box.width > 0, box.height > 0,
              box.x + box.width <= frame.width, box.y + box.height <= frame.height, width > 0, height > 0,
              let descriptor = av_pix_fmt_desc_get(frame.format) else {
            throw MediaError("crop \(box) outside the \(frame.width)x\(frame.height) frame", at: "", failure: .badUsage)
        }
        let fullRange = source.color_range == AVCOL_RANGE_JPEG
        // Point every plane at the rectangle's top-left sample.
        var planes: [UnsafePointer<UInt8>?] = [nil, nil, nil, nil]
        var strides: [Int32] = [0, 0, 0, 0]
        let planar = descriptor.pointee.flags & UInt64(AV_PIX_FMT_FLAG_PLANAR) != 0
        let chromaX = Int(descriptor.pointee.log2_chroma_w), chromaY = Int(descriptor.pointee.log2_chroma_h)
        withUnsafeBytes(of: source.data) { dataPointers in
            withUnsafeBytes(of: source.linesize) { lineSizes in
                let data = dataPointers.bindMemory(to: UnsafeMutablePointer<UInt8>?.self)
                let sizes = lineSizes.bindMemory(to: Int32.self)
                for plane in 0..<4 {
                    guard let base = data[plane] else { continue }
                    let stride = Int(sizes[plane])
                    let isChroma = planar && (plane == 1 || plane == 2)
                    let x = isChroma ? box.x >> chromaX : box.x
                    let y = isChroma ? box.y >> chromaY : box.y
                    let step = planar ? 1 : Int(descriptor.pointee.comp.0.step)
                    planes[plane] = UnsafePointer(base + y * stride + x * step)
                    strides[plane] = Int32(stride)
                }
            }
        }
        var sourceWidth = box.width, sourceHeight = box.height
        let planar420 = source.format == AV_PIX_FMT_YUV420P.rawValue || source.format == AV_PIX_FMT_YUVJ420P.rawValue
        if color, planar420, width != box.width || height != box.height {
            // Scaling 4:2:0 planes and then converting them unscaled takes libswscale's vector
            // code both times, where scaling into RGB at once takes its plain C: half the work.
            let scaled = try scale(planes: planes, strides: strides, format: source.format, box: box,
                                   width: width, height: height)
            planes = scaled.planes
            strides = scaled.strides
            sourceWidth = width
            sourceHeight = height
        }
        let key = Key(source: source.format, width: sourceWidth, height: sourceHeight, outputWidth: width,
                      outputHeight: height, color: color, fullRange: fullRange, colorspace: source.colorspace.rawValue,
                      afterScaling: sourceWidth != box.width || sourceHeight != box.height)
        let context = try self.context(for: key, fullRange: fullRange, colorspace: source.colorspace)
        let output = try buffer(for: key, rowBytes: width * (color ? 3 : 1), rows: height)
        var destination: [UnsafeMutablePointer<UInt8>?] = [output.buffer.assumingMemoryBound(to: UInt8.self), nil, nil, nil]
        var destinationStrides: [Int32] = [Int32(output.stride), 0, 0, 0]
        let rows = sws_scale(context, planes, strides, 0, Int32(sourceHeight), &destination, &destinationStrides)
        guard rows == Int32(height) else {
            throw MediaError("swscale converted \(rows) of \(height) rows", at: "", failure: .failed)
        }
        let rowBytes = width * (color ? 3 : 1)
        // Every byte is copied in: no need to clear the array first.
        return [UInt8](unsafeUninitializedCapacity: rowBytes * height) { target, count in
            if let base = target.baseAddress {
                for row in 0..<height {
                    UnsafeMutableRawPointer(base + row * rowBytes)
                        .copyMemory(from: output.buffer + row * output.stride, byteCount: rowBytes)
                }
            }
            count = target.baseAddress == nil ? 0 : rowBytes * height
        }
    }

    /// The rectangle at `planes` scaled to `width` x `height` in its own 4:2:0 `format`, in a
    /// buffer kept for the next frame.
    private func scale(planes: [UnsafePointer<UInt8>?], strides: [Int32], format: Int32, box: PixelBox,
                       width: Int, height: Int) throws(MediaError) -> ScaledPlanes {
        let key = Key(source: format, width: box.width, height: box.height, outputWidth: width, outputHeight: height,
                      color: true, fullRange: false, colorspace: 0, scalingOnly: true)
        let context = try self.context(for: key, fullRange: false, colorspace: AVCOL_SPC_UNSPECIFIED)
        let chromaWidth = (width + 1) / 2, chromaHeight = (height + 1) / 2
        let lumaStride = (width + 63) & ~63, chromaStride = (chromaWidth + 63) & ~63
        let lumaBytes = lumaStride * height, chromaBytes = chromaStride * chromaHeight
        // One buffer for the three planes, each row 64-byte aligned for the vector code.
        let memory = try buffer(for: key, rowBytes: lumaBytes + 2 * chromaBytes, rows: 1).buffer
            .assumingMemoryBound(to: UInt8.self)
        var destination: [UnsafeMutablePointer<UInt8>?] = [memory, memory + lumaBytes, memory + lumaBytes + chromaBytes, nil]
        var destinationStrides: [Int32] = [Int32(lumaStride), Int32(chromaStride), Int32(chromaStride), 0]
        let rows = sws_scale(context, planes, strides, 0, Int32(box.height), &destination, &destinationStrides)
        guard rows == Int32(height) else {
            throw MediaError("swscale scaled \(rows) of \(height) rows", at: "", failure: .failed)
        }
        return ScaledPlanes(planes: destination.map { $0.map { UnsafePointer($0) } }, strides: destinationStrides)
    }

    private func context(for key: Key, fullRange: Bool, colorspace: AVColorSpace) throws(MediaError) -> OpaquePointer {
        if let cached = contexts[key] {
            return cached
        }
        let outputFormat = key.scalingOnly ? AVPixelFormat(key.source) : key.color ? AV_PIX_FMT_RGB24 : AV_PIX_FMT_GRAY8
        guard let context = sws_getContext(Int32(key.width), Int32(key.height), AVPixelFormat(key.source),
                                           Int32(key.outputWidth), Int32(key.outputHeight),
                                           outputFormat,
                                           // Shrinking for the readers (who look at text, not
                                           // pictures): bilinear, about three times cheaper.
                                           key.outputHeight < key.height || key.afterScaling ? SWS_FAST_BILINEAR : SWS_BICUBIC,
                                           nil, nil, nil) else {
            throw MediaError("swscale cannot convert this pixel format", at: "", failure: .badInput)
        }
        if fullRange || colorspace != AVCOL_SPC_UNSPECIFIED {
            // As the scale filter does: the frame's range and matrix when it states them.
            let matrix = sws_getCoefficients(Int32(colorspace == AVCOL_SPC_UNSPECIFIED ? SWS_CS_DEFAULT : Int32(colorspace.rawValue)))
            sws_setColorspaceDetails(context, matrix, fullRange ? 1 : 0, sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16)
        }
        contexts[key] = context
        return context
    }

    private func buffer(for key: Key, rowBytes: Int, rows: Int) throws(MediaError) -> (buffer: UnsafeMutableRawPointer, stride: Int) {
        if let cached = scratch[key] {
            return cached
        }
        let stride = (rowBytes + 63) & ~63
        guard let memory = av_malloc(stride * rows + 64) else {
            throw MediaError("out of memory for an image", at: "", failure: .failed)
        }
        scratch[key] = (memory, stride)
        return (memory, stride)
    }
}
