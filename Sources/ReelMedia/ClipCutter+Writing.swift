import CFFmpeg
import ReelCore

extension ClipCutter {
    /// The clip being written: its file, where its timestamps start, and what it holds so far.
    final class ClipWriter {
        let output: OutputFile
        let base: Double
        let videoStream: Int
        let audioStream: Int?
        var removed = 0.0
        var videoEnd: Double
        var lastDecodeTimestamp: [Int: Int64] = [:]
        /// Damaged packets the muxer refused (left out).
        var refused = 0

        init(output: OutputFile, base: Double, videoStream: Int, audioStream: Int?) {
            self.output = output
            self.base = base
            self.videoStream = videoStream
            self.audioStream = audioStream
            videoEnd = base
        }

        /// Writes a source packet with its timestamps moved so that `base` becomes 0.
        func write(_ timed: TimedMediaPacket) throws(MediaError) {
            let stream = timed.kind == .video ? videoStream : audioStream
            guard let stream else { return }
            let packet = timed.packet.pointer
            let scale = av_q2d(timed.timeBase)
            let presentation = Int64(saturating: (timed.time - base - removed) / scale)
            let delay = Int64(saturating: (timed.time - timed.decodeTime) / scale)
            packet.pointee.pts = presentation
            packet.pointee.dts = presentation.adding(checked: -delay) ?? presentation
            try put(timed.packet, stream: stream, timeBase: timed.timeBase)
            if timed.kind == .video {
                videoEnd = max(videoEnd, timed.time + timed.duration - removed)
            }
        }

        /// Writes a packet whose timestamps are already the clip's, in `timeBase`.
        func put(_ packet: Packet, stream: Int, timeBase: AVRational) throws(MediaError) {
            let pointer = packet.pointer
            if let last = lastDecodeTimestamp[stream], pointer.pointee.dts <= last, last < Int64.max {
                // Timestamps must grow: a damaged or re-based stretch could make them repeat.
                let shift = last + 1 - pointer.pointee.dts
                pointer.pointee.dts += shift
                pointer.pointee.pts = max(pointer.pointee.pts, pointer.pointee.dts)
            }
            lastDecodeTimestamp[stream] = pointer.pointee.dts
            do {
                try output.write(packet, stream: stream, timeBase: timeBase)
            } catch where error.failure == .badInput {
                // A damaged packet the muxer cannot take: the clip goes on without it.
                refused += 1
            }
        }
    }

    func writeClip(reader: SourceReader, found: StartingPoint, start: Double, end: Double, accurate: Bool,
                   path: String, comment: ((CutClip) -> String)?) throws(MediaError) -> CutClip? {
        guard let video = reader.video, let keyframe = found.packets.first(where: { $0.kind == .video }) else {
            return nil
        }
        let frame = reader.frameDuration
        var clipped = keyframe.time > start + frame / 2
        if clipped {
            warn(path, "the window starts at \(Self.seconds(start)) s, before the source's first picture: cut from \(Self.seconds(keyframe.time)) s")
        }
        let isH264 = video.parameters.pointee.codec_id == AV_CODEC_ID_H264
        let needsBridge = accurate && keyframe.time < start - frame / 2
        let method: CutClip.Method = !needsBridge ? .copy : isH264 ? .smart : .reencoded
        let base = needsBridge ? start : keyframe.time
        if method == .reencoded {
            warn(path, "smart cut needs H.264, this is \(String(cString: avcodec_get_name(video.parameters.pointee.codec_id))): re-encoding the whole clip")
        }

        let output = try OutputFile(path: path, container: container)
        var encoder: VideoEncoder?
        let videoStream: Int
        if method == .reencoded {
            var settings = VideoEncoder.Settings(matching: video.parameters, timeBase: video.timeBase,
                                                 frameRate: av_d2q(1 / frame, 1_000_000))
            settings.profile = nil
            settings.level = nil
            settings.keyframeInterval = max(1, Int(saturating: 2 / frame))
            settings.globalHeader = container == .mp4
            let made = try VideoEncoder(settings: settings, for: path)
            guard let parameters = avcodec_parameters_alloc() else {
                throw MediaError("out of memory for codec parameters", at: path, failure: .failed)
            }
            var freeing: UnsafeMutablePointer<AVCodecParameters>? = parameters
            defer { avcodec_parameters_free(&freeing) }
            made.parameters(into: parameters)
            videoStream = try output.addStream(parameters: parameters, timeBase: video.timeBase)
            encoder = made
        } else {
            videoStream = try output.addStream(parameters: video.parameters, timeBase: video.timeBase)
        }
        let audioStream = try reader.audio.map { audio throws(MediaError) in
            try output.addStream(parameters: audio.parameters, timeBase: audio.timeBase)
        }
        try output.begin()
        let writer = ClipWriter(output: output, base: base, videoStream: videoStream, audioStream: audioStream)

        // Pictures before the first copied keyframe: decoded and re-encoded.
        var feed = PacketFeed(held: found.packets + (found.next.map { [$0] } ?? []), reader: reader)
        if method != .copy {
            var bridge: [TimedMediaPacket] = []
            var sound: [TimedMediaPacket] = []
            var limit = end
            var copyFrom: TimedMediaPacket?
            var reachedEnd = false
            while let packet = try feed.next() {
                if packet.kind == .audio {
                    sound.append(packet)
                    continue
                }
                if method == .smart && packet.isKey && packet.time > start + Self.epsilon {
                    copyFrom = packet
                    limit = min(end, packet.time)
                    break
                }
                if packet.decodeTime >= end - Self.epsilon {
                    reachedEnd = true
                    break
                }
                bridge.append(packet)
            }
            try encode(bridge, from: start, until: limit, config: video, encoder: encoder, before: copyFrom,
                       writer: writer, path: path)
            // Audio that came with the bridge.
            for packet in sound where packet.time + packet.duration > base && packet.time < end {
                try writer.write(packet)
            }
            guard let copyFrom, limit < end - Self.epsilon, !reachedEnd else {
                // The whole window was encoded; the rest of the source is not needed.
                return try finish(writer, reader: reader, start: base, skipped: [], clipped: clipped, method: method, comment: comment)
            }
            try insertParameterSets(into: copyFrom, config: video)
            feed.held.insert(copyFrom, at: 0)
        }

        // Stream copy of the rest.
        var videoDone = false
        var pastEnd = false
        var audioDone = reader.audio == nil
        var skipping: Double?
        var resumeTime = base
        var skipped: [ClosedRange<Double>] = []
        var damageSeen = reader.damage.count
        var gapsSeen = reader.gaps.count
        while !(videoDone && audioDone) {
            guard let packet = try feed.next() else {
                if !videoDone && end.isFinite && writer.videoEnd < end - frame {
                    clipped = true
                    warn(path, "the window ends at \(Self.seconds(end)) s, after the source: cut to \(Self.seconds(writer.videoEnd + writer.removed)) s")
                }
                break
            }
            if packet.kind == .audio {
                let audioEnd = max(end, writer.videoEnd + writer.removed)
                if packet.time >= audioEnd - Self.epsilon {
                    audioDone = videoDone
                    continue
                }
                if skipping == nil, packet.time + packet.duration > resumeTime + Self.epsilon {
                    try writer.write(packet)
                }
                continue
            }
            if videoDone { continue }
            if (packet.isKey && packet.time >= end - Self.epsilon) || packet.decodeTime >= end - Self.epsilon {
                // Past the end in decode order: only pictures shown before the last one kept
                // still belong (B-frames decoded after their reference), then nothing.
                pastEnd = true
            }
            if pastEnd && (packet.isKey || packet.time >= writer.videoEnd + writer.removed - Self.epsilon) {
                videoDone = true
                continue
            }
            if packet.time < base - Self.epsilon {
                continue  // a leading picture of an open GOP: it refers to pictures not copied
            }
            let damaged = packet.packet.isCorrupt || reader.damage.count > damageSeen || reader.gaps.count > gapsSeen
            damageSeen = reader.damage.count
            gapsSeen = reader.gaps.count
            if damaged && skipping == nil {
                skipping = writer.videoEnd + writer.removed
            }
            if let from = skipping {
                guard packet.isKey, !packet.packet.isCorrupt else { continue }
                // Cut around the damage: what follows plays on right after what came before.
                skipping = nil
                if packet.time > from {
                    skipped.append(from...packet.time)
                    writer.removed += packet.time - from
                    warn(path, "damaged or missing data from \(Self.seconds(from)) s to \(Self.seconds(packet.time)) s: cut out")
                }
                resumeTime = packet.time
            }
            try writer.write(packet)
        }
        return try finish(writer, reader: reader, start: base, skipped: skipped, clipped: clipped, method: method, comment: comment)
    }

    private func finish(_ writer: ClipWriter, reader: SourceReader, start: Double, skipped: [ClosedRange<Double>],
                        clipped: Bool, method: CutClip.Method, comment: ((CutClip) -> String)?) throws(MediaError) -> CutClip {
        let end = writer.videoEnd + writer.removed
        var clip = CutClip(start: Self.rounded(start), end: Self.rounded(end),
                           duration: Self.rounded(writer.videoEnd - start), method: method,
                           skipped: skipped.map { Self.rounded($0.lowerBound)...Self.rounded($0.upperBound) }, clipped: clipped)
        clip.missing = reader.missingPieces
        clip.refusedPackets = writer.refused
        if let comment {
            av_dict_set(&writer.output.context.pointee.metadata, "comment", comment(clip), 0)
        }
        try writer.output.finish()
        return clip
    }

    /// Decodes `packets` (from a keyframe) and encodes the pictures shown from `start` until
    /// `limit` into the clip, timed to join `following` (the keyframe copied next).
    private func encode(_ packets: [TimedMediaPacket], from start: Double, until limit: Double, config: CodecConfig,
                        encoder given: VideoEncoder?, before following: TimedMediaPacket?,
                        writer: ClipWriter, path: String) throws(MediaError) {
        guard !packets.isEmpty else { return }
        let decoder = try VideoDecoder(config: config)
        let timeBase = config.timeBase
        let scale = av_q2d(timeBase)
        var times: [Int64: Double] = [:]
        for packet in packets {
            if let timestamp = packet.packet.timestamp { times[timestamp] = packet.time }
        }
        let framing = H264Units.Framing(extradata: Self.extradata(of: config))
        var encoder = given
        // Encoded pictures are decoded in display order; they must decode before the copied
        // keyframe, so their decode times move back by its decode delay.
        let delay = following.map { Int64(saturating: ($0.time - $0.decodeTime) / scale) } ?? 0
        var encodedEnd = start
        func drain(_ encoder: VideoEncoder) throws(MediaError) {
            while let made = encoder.receive() {
                let packet = try made.detach()
                if given == nil {
                    packet.pointer.pointee.dts = packet.pointer.pointee.pts - delay
                    if case .lengthPrefixed = framing {
                        let units = H264Units.units(of: packet.bytes, framing: .annexB)
                        try packet.replaceData(with: H264Units.frame(units, as: framing))
                    }
                }
                try writer.put(packet, stream: writer.videoStream, timeBase: timeBase)
            }
        }
        func take(_ frame: DecodedFrame) throws(MediaError) {
            guard let timestamp = frame.timestamp else { return }
            let time = times[timestamp] ?? (Double(timestamp) * scale)
            guard time >= start - Self.epsilon, time < limit - Self.epsilon else { return }
            if encoder == nil {
                var settings = VideoEncoder.Settings(matching: config.parameters, timeBase: timeBase,
                                                     frameRate: av_d2q(1 / max(packets[0].duration, 1e-3), 1_000_000))
                settings.pixelFormat = frame.format
                settings.quality = 16
                encoder = try VideoEncoder(settings: settings, for: path)
            }
            frame.pointer.pointee.pts = Int64(saturating: (time - writer.base - writer.removed) / scale)
            encodedEnd = max(encodedEnd, time + packets[0].duration)
            guard let encoder else { return }
            try encoder.send(frame)
            try drain(encoder)
        }
        for packet in packets where packet.kind == .video {
            decoder.send(packet.packet)
            while let frame = decoder.receive() { try take(frame) }
        }
        decoder.send(nil)
        while let frame = decoder.receive() { try take(frame) }
        if let encoder {
            try encoder.send(nil)
            try drain(encoder)
        }
        writer.videoEnd = max(writer.videoEnd, encodedEnd - writer.removed)
    }

    /// Puts the source's parameter sets in band at the keyframe copied after a re-encoded
    /// bridge, so decoders leave the bridge's own sets behind.
    private func insertParameterSets(into packet: TimedMediaPacket, config: CodecConfig) throws(MediaError) {
        let extradata = Self.extradata(of: config)
        let sets = H264Units.parameterSets(in: extradata)
        guard !sets.isEmpty else { return }
        let framing = H264Units.Framing(extradata: extradata)
        try packet.packet.replaceData(with: H264Units.withParameterSets(sets, before: packet.packet.bytes, framing: framing))
    }

    static func extradata(of config: CodecConfig) -> [UInt8] {
        let p = config.parameters.pointee
        guard let data = p.extradata, p.extradata_size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(p.extradata_size)))
    }

    static func rounded(_ value: Double) -> Double {
        (value * 1_000_000).rounded() / 1_000_000
    }

    static func seconds(_ value: Double) -> String {
        String((value * 1000).rounded() / 1000)
    }
}

/// The packets a cut goes through: some held back from the search for its start, then the
/// reader's.
struct PacketFeed {
    var held: [TimedMediaPacket]
    let reader: SourceReader

    mutating func next() throws(MediaError) -> TimedMediaPacket? {
        held.isEmpty ? try reader.next() : held.removeFirst()
    }
}
