import CFFmpeg
import ReelCore

/// What a picture of the stream is: its times and its file.
struct FrameInfo: Sendable {
    let time: Double
    let presentationTime: Double
    let duration: Double
    let source: String
}

/// A packet kept for decoding, with what its picture is.
struct TimedPacket {
    let packet: Packet
    let info: FrameInfo
}

/// A frame picked for a target.
struct Pick {
    let frame: DecodedFrame
    let info: FrameInfo
    /// Decoded after damaged data in its GOP (it or a picture it refers to may show it).
    let damaged: Bool
}

/// Damaged data the decoder met: where, and libav's error code (0: errors it concealed).
struct Damage {
    let info: FrameInfo
    let code: Int32
}

/// Decodes one GOP (keyframe to keyframe) for the targets inside it, skipping every picture
/// that is neither referred to by others nor near a target.
///
/// Frames leave the decoder in display order; a target is answered by the last frame shown at
/// or before it, once a later frame (or the end of the GOP) proves nothing else comes between.
final class GOPDecoder {
    let decoder: VideoDecoder
    /// The frame answering the next target so far: in a handoff, so that the picks handed out
    /// (to another thread) share nothing with this decoder.
    private var held: Handoff<Pick>?
    private var infos: [Int64: FrameInfo] = [:]
    /// Damaged data met in this GOP.
    private(set) var damage: [Damage] = []

    init(decoder: VideoDecoder) {
        self.decoder = decoder
    }

    /// Starts a GOP: forgets the decoder's state and what was held.
    func begin() {
        decoder.reset()
        held = nil
        infos = [:]
        damage = []
    }

    /// Decodes one packet of the GOP, answering the targets its frames pass.
    func feed(_ timed: TimedPacket, targets: inout SampleTargets, picks: inout sending [Pick]) throws(MediaError) {
        let info = timed.info
        if let timestamp = timed.packet.timestamp {
            infos[timestamp] = info
        }
        // A picture shown within 3 frames before a target may be its picture: always decoded.
        // Elsewhere only pictures that others refer to are decoded.
        let near = targets.hasTarget(in: (info.time - 1e-6)..<(info.time + 3 * info.duration))
        decoder.skipping = near ? .nothing : .nonReference
        let code = decoder.send(timed.packet)
        if code < 0 {
            damage.append(Damage(info: info, code: code))
        }
        while let frame = decoder.receive() {
            try shown(frame, targets: &targets, picks: &picks)
        }
    }

    /// Ends the GOP: drains the decoder, and answers the targets before `limit` (where the next
    /// GOP starts, or where the stream ends) with the last frame.
    func end(limit: Double, targets: inout SampleTargets, picks: inout sending [Pick]) throws(MediaError) {
        decoder.send(nil)
        while let frame = decoder.receive() {
            try shown(frame, targets: &targets, picks: &picks)
        }
        decoder.reset()
        if let pick = held?.take(), let target = targets.next, target < limit - 1e-6 {
            // One frame answers every target up to the limit: picked once, however many.
            picks.append(pick)
        }
        targets.skip(below: limit - 1e-6)
        held = nil
    }

    /// Decodes a whole GOP for `targets` (all inside it).
    func decode(_ packets: [TimedPacket], targets window: SampleTargets, limit: Double) throws(MediaError) -> sending [Pick] {
        begin()
        var targets = window
        var picks: [Pick] = []
        for timed in packets {
            try feed(timed, targets: &targets, picks: &picks)
            if targets.next == nil { break }
        }
        try end(limit: limit, targets: &targets, picks: &picks)
        return picks
    }

    /// Decodes a single keyframe packet on its own.
    func keyframe(_ timed: TimedPacket) throws(MediaError) -> sending Pick? {
        begin()
        decoder.skipping = .nonKey
        let code = decoder.send(timed.packet)
        if code < 0 {
            damage.append(Damage(info: timed.info, code: code))
        }
        decoder.send(nil)
        var picked: Pick?
        while let frame = decoder.receive() {
            if frame.hasErrors {
                damage.append(Damage(info: timed.info, code: 0))
            }
            if picked == nil {
                picked = Pick(frame: try frame.reference(), info: timed.info, damaged: code < 0 || frame.hasErrors)
            }
        }
        decoder.reset()
        return picked
    }

    private func shown(_ frame: DecodedFrame, targets: inout SampleTargets, picks: inout sending [Pick]) throws(MediaError) {
        guard let timestamp = frame.timestamp, let info = infos[timestamp] else { return }
        if frame.hasErrors {
            damage.append(Damage(info: info, code: 0))
        }
        if let target = targets.next, info.time > target + 1e-6 {
            // The held frame answers every target this one is past: picked once, however many.
            if let pick = held?.take() {
                picks.append(pick)
            }
            targets.skip(below: info.time - 1e-6)
        }
        if let target = targets.next, info.time <= target + 1e-6 {
            held = Handoff(Pick(frame: try frame.reference(), info: info, damaged: !damage.isEmpty))
        }
    }
}
