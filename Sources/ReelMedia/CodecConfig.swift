import CFFmpeg

/// A stream's codec parameters, copied so decoders can be made from them on any thread after
/// the file is closed. Unchecked Sendable, the one such conformance in ReelMedia: a C pointer
/// the compiler cannot see through, but the copy is owned here, never written after `init`,
/// and freed once no thread holds it; every job and every worker reads it at once.
final class CodecConfig: @unchecked Sendable {
    /// The parameters (owned copy).
    let parameters: UnsafeMutablePointer<AVCodecParameters>
    /// The time base of the stream's timestamps.
    let timeBase: AVRational
    /// The file the parameters came from (for messages).
    let source: String
    /// Equal identities: a decoder made for one config can decode the other's packets.
    let identity: [UInt8]

    /// A copy of `stream`'s parameters.
    init(stream: UnsafeMutablePointer<AVStream>, source: String) throws(MediaError) {
        guard let copy = avcodec_parameters_alloc() else {
            throw MediaError("out of memory for codec parameters", at: source, failure: .failed)
        }
        guard avcodec_parameters_copy(copy, stream.pointee.codecpar) >= 0 else {
            var freeing: UnsafeMutablePointer<AVCodecParameters>? = copy
            avcodec_parameters_free(&freeing)
            throw MediaError("cannot copy codec parameters", at: source, failure: .failed)
        }
        parameters = copy
        timeBase = stream.pointee.time_base
        self.source = source
        let p = copy.pointee
        var identity = withUnsafeBytes(of: (p.codec_id.rawValue, p.width, p.height, p.format)) { Array($0) }
        if let extradata = p.extradata {
            identity += UnsafeBufferPointer(start: extradata, count: Int(p.extradata_size))
        }
        self.identity = identity
    }

    deinit {
        var freeing: UnsafeMutablePointer<AVCodecParameters>? = parameters
        avcodec_parameters_free(&freeing)
    }
}
