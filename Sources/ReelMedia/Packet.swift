import CFFmpeg

/// A compressed packet read from a file (an owned, reference-counted AVPacket).
public final class Packet {
    /// The AVPacket (owned: freed on deinit).
    let pointer: UnsafeMutablePointer<AVPacket>

    /// An empty packet.
    public init() throws(MediaError) {
        guard let packet = av_packet_alloc() else {
            throw MediaError("out of memory for a packet", at: "", failure: .failed)
        }
        pointer = packet
    }

    deinit {
        var freeing: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&freeing)
    }

    /// A packet that takes over this one's data, leaving this one empty (for keeping it, or
    /// handing it to another thread).
    public func detach() throws(MediaError) -> sending Packet {
        // Unchecked here alone: the C call joins the two packets in the compiler's eyes, but
        // after the move this one holds nothing of the data the new one owns.
        nonisolated(unsafe) let kept = try Packet()
        av_packet_move_ref(kept.pointer, pointer)
        return kept
    }

    /// A new reference to the same data (no copy of the bytes), with the same timestamps and
    /// flags, for another thread to read while this one is kept.
    public func reference() throws(MediaError) -> sending Packet {
        // Unchecked here alone: the two share only libav's reference-counted buffer, whose count
        // is atomic and whose bytes neither writes.
        nonisolated(unsafe) let copy = try Packet()
        guard av_packet_ref(copy.pointer, pointer) >= 0 else {
            throw MediaError("out of memory referencing a packet", at: "", failure: .failed)
        }
        return copy
    }

    /// The presentation timestamp in the stream's time base (the decode timestamp when absent).
    public var timestamp: Int64? {
        let nopts = reel_av_nopts_value()
        if pointer.pointee.pts != nopts { return pointer.pointee.pts }
        if pointer.pointee.dts != nopts { return pointer.pointee.dts }
        return nil
    }

    /// The decode timestamp in the stream's time base, when known.
    public var decodeTimestamp: Int64? {
        pointer.pointee.dts == reel_av_nopts_value() ? nil : pointer.pointee.dts
    }

    /// Whether the demuxer marks it as a keyframe (a place decoding can start).
    public var isKey: Bool { pointer.pointee.flags & AV_PKT_FLAG_KEY != 0 }

    /// Whether its data is marked corrupt.
    public var isCorrupt: Bool { pointer.pointee.flags & AV_PKT_FLAG_CORRUPT != 0 }

    /// The index of the stream it belongs to.
    public var streamIndex: Int { Int(pointer.pointee.stream_index) }

    /// Its duration in the stream's time base (0 when unknown).
    public var duration: Int64 { pointer.pointee.duration }
}

extension Packet {
    /// A copy of its data.
    public var bytes: [UInt8] {
        guard let data = pointer.pointee.data, pointer.pointee.size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(pointer.pointee.size)))
    }

    /// Replaces its data with `bytes`, keeping its timestamps and flags.
    public func replaceData(with bytes: [UInt8]) throws(MediaError) {
        let fresh = try Packet()
        guard av_new_packet(fresh.pointer, Int32(bytes.count)) >= 0,
              av_packet_copy_props(fresh.pointer, pointer) >= 0 else {
            throw MediaError("out of memory for a packet", at: "", failure: .failed)
        }
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress, let data = fresh.pointer.pointee.data {
                data.update(from: base, count: bytes.count)
            }
        }
        fresh.pointer.pointee.stream_index = pointer.pointee.stream_index
        av_packet_unref(pointer)
        av_packet_move_ref(pointer, fresh.pointer)
    }
}
