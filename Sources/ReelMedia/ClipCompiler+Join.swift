import CFFmpeg
import ReelCore

extension ClipCompiler {
    /// The output being joined: its streams, its clock and the encoders in use.
    final class Join {
        let path: String
        let output: OutputFile
        let width: Int
        let height: Int
        let rate: AVRational
        var music: MusicTrack?
        let textStyle: TextOverlay.Style
        /// The text of the piece being added, and the slots it is drawn in (nil: all).
        private var overlay: (text: TextOverlay, slots: Int?)?
        private var videoStream = 0
        private var audioStream: Int?
        private var audioTimeBase = AVRational(num: 1, den: AudioEncoder.sampleRate)
        private var videoEncoder: VideoEncoder?
        private var audioEncoder: AudioEncoder?
        private let fitter: PictureFitter
        /// Where the next piece starts, in seconds.
        private var clock = 0.0
        private var lastVideoDts = Int64.min
        private var lastAudioDts = Int64.min

        let warn: Warn

        init(path: String, container: OutputFile.Container, width: Int, height: Int, rate: AVRational,
             textStyle: TextOverlay.Style, warn: @escaping Warn) throws(MediaError) {
            self.path = path
            self.textStyle = textStyle
            self.warn = warn
            output = try OutputFile(path: path, container: container)
            self.width = width
            self.height = height
            self.rate = rate
            fitter = PictureFitter(width: width, height: height)
        }

        private var frameDuration: Double { av_q2d(av_inv_q(rate)) }

        func open(firstCopied: PieceInfo?, soundFrom: CodecConfig?, encodeSound: Bool) throws(MediaError) {
            guard let parameters = avcodec_parameters_alloc() else {
                throw MediaError("out of memory for codec parameters", at: path, failure: .failed)
            }
            var freeing: UnsafeMutablePointer<AVCodecParameters>? = parameters
            defer { avcodec_parameters_free(&freeing) }
            if let firstCopied {
                avcodec_parameters_copy(parameters, firstCopied.video.parameters)
                // In-band Annex B everywhere: the sets given here are the first piece's.
                let sets = H264Units.parameterSets(in: ClipCutter.extradata(of: firstCopied.video))
                setExtradata(parameters, H264Units.frame(sets, as: .annexB))
            } else {
                try makeVideoEncoder().parameters(into: parameters)
            }
            videoStream = try output.addStream(parameters: parameters, timeBase: ClipCompiler.videoTimeBase)
            if let soundFrom {
                audioTimeBase = soundFrom.timeBase
                audioStream = try output.addStream(parameters: soundFrom.parameters, timeBase: soundFrom.timeBase)
            } else if encodeSound {
                let encoder = try AudioEncoder(globalHeader: true, for: path)
                avcodec_parameters_free(&freeing)
                freeing = avcodec_parameters_alloc()
                guard let audioParameters = freeing else {
                    throw MediaError("out of memory for codec parameters", at: path, failure: .failed)
                }
                encoder.parameters(into: audioParameters)
                audioStream = try output.addStream(parameters: audioParameters, timeBase: encoder.timeBase)
                audioTimeBase = encoder.timeBase
                audioEncoder = encoder
            }
            try output.begin()
        }

        private func setExtradata(_ parameters: UnsafeMutablePointer<AVCodecParameters>, _ bytes: [UInt8]) {
            av_freep(&parameters.pointee.extradata)
            parameters.pointee.extradata_size = 0
            guard !bytes.isEmpty, let memory = av_mallocz(bytes.count + Int(AV_INPUT_BUFFER_PADDING_SIZE)) else { return }
            let target = memory.assumingMemoryBound(to: UInt8.self)
            bytes.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { target.update(from: base, count: bytes.count) }
            }
            parameters.pointee.extradata = target
            parameters.pointee.extradata_size = Int32(bytes.count)
        }

        @discardableResult
        private func makeVideoEncoder() throws(MediaError) -> VideoEncoder {
            if let videoEncoder { return videoEncoder }
            var settings = VideoEncoder.Settings(width: width, height: height, pixelFormat: AV_PIX_FMT_YUV420P,
                                                 timeBase: ClipCompiler.videoTimeBase, frameRate: rate)
            settings.quality = 20
            settings.keyframeInterval = max(1, Int(saturating: 2 * av_q2d(rate)))
            let encoder = try VideoEncoder(settings: settings, for: path)
            videoEncoder = encoder
            return encoder
        }

        /// Ends a run of encoded pictures (before copied ones, or at the end).
        private func closeVideoEncoder() throws(MediaError) {
            guard let encoder = videoEncoder else { return }
            try encoder.send(nil)
            try drainVideo(encoder)
            videoEncoder = nil
        }

        private func drainVideo(_ encoder: VideoEncoder) throws(MediaError) {
            while let packet = encoder.receive() {
                try writeVideo(packet)
            }
        }

        private func writeVideo(_ packet: Packet) throws(MediaError) {
            let pointer = packet.pointer
            if pointer.pointee.dts <= lastVideoDts {
                pointer.pointee.dts = lastVideoDts + 1
                pointer.pointee.pts = max(pointer.pointee.pts, pointer.pointee.dts)
            }
            lastVideoDts = pointer.pointee.dts
            try output.write(packet, stream: videoStream, timeBase: ClipCompiler.videoTimeBase)
        }

        private func writeAudio(_ packet: Packet, timeBase: AVRational) throws(MediaError) {
            guard let audioStream else { return }
            let pointer = packet.pointer
            let dts = av_rescale_q(pointer.pointee.dts, timeBase, audioTimeBase)
            guard dts > lastAudioDts else { return }  // overlaps what the previous piece ended with
            lastAudioDts = dts
            try output.write(packet, stream: audioStream, timeBase: timeBase)
        }

        private func ticks(_ seconds: Double) -> Int64 {
            Int64(saturating: seconds * 90_000)
        }

        /// Adds one piece at the end.
        func add(_ info: PieceInfo, copyPictures: Bool, copySound: Bool) throws(MediaError) {
            if copyPictures { try closeVideoEncoder() }
            let file = try InputFile(path: info.piece.path)
            guard let videoIndex = file.videoStreamIndex, let videoStreamPointer = file.stream(videoIndex) else {
                throw MediaError("no pictures in it", at: info.piece.path)
            }
            let audioIndex = Int(av_find_best_stream(file.context, AVMEDIA_TYPE_AUDIO, -1, Int32(videoIndex), nil, 0))
            let videoTimeBase = videoStreamPointer.pointee.time_base
            let framing = H264Units.Framing(extradata: ClipCutter.extradata(of: info.video))
            let sets = H264Units.parameterSets(in: ClipCutter.extradata(of: info.video))
            let trimStart = info.piece.trimStart
            let played = info.isStill ? info.piece.stillDuration : info.playedDuration
            var start = clock
            var firstTimestamp: Int64?
            var copyStarted = false
            var setsPlaced = false
            var pieceEnd = start
            // Copied pictures: a timestamp more than `maximumStep` after the previous one is
            // damage; what follows is moved back to go on from the previous picture.
            var lastRelative: Double?
            var correction = 0.0
            let decoder = copyPictures ? nil : try VideoDecoder(config: info.video)
            var slots = SlotFiller(rate: rate, played: played)
            overlay = nil
            if !info.piece.text.isEmpty {
                let text = try TextOverlay(lines: info.piece.text, style: info.piece.textStyle ?? textStyle, width: width, height: height)
                let seconds = info.piece.textSeconds
                overlay = (text, seconds > 0 ? Int(saturating: (seconds * av_q2d(rate)).rounded()) : nil)
            }
            defer { overlay = nil }
            var sound = copySound ? nil : try PieceSound(info: info, audioIndex: audioIndex, start: start, encoder: audioEncoder)
            let packet = try Packet()
            while try file.read(into: packet) {
                if packet.streamIndex == videoIndex {
                    guard let timestamp = packet.timestamp else { continue }
                    if firstTimestamp == nil {
                        firstTimestamp = timestamp
                        sound?.videoStart = Double(timestamp) * av_q2d(videoTimeBase)
                    }
                    // Copied from a keyframe (the rest of a clip whose start carries text):
                    // what comes before it is left out.
                    let skipped = copyPictures ? trimStart : 0
                    var relative = (Double(timestamp) - Double(firstTimestamp ?? timestamp)) * av_q2d(videoTimeBase) - correction - skipped
                    if copyPictures && (relative < -0.001 || (skipped > 0 && !copyStarted && !packet.isKey)) { continue }
                    if copyPictures && !copyStarted {
                        copyStarted = true
                        if lastVideoDts != Int64.min {
                            // Its first picture shows after the last decode time written; the
                            // decode times of its first pictures, earlier than that, are moved
                            // on by a tick each as they are written (`writeVideo`), so the
                            // piece starts where the previous one ended: no picture is held.
                            start = max(start, Double(lastVideoDts + 1) / 90_000)
                            sound?.start = start
                        }
                    }
                    if copyPictures, let last = lastRelative, relative - last > ClipCompiler.maximumStep {
                        warn(info.piece.path, "damaged timestamp: a picture \(RecordTemplate.shortest(relative - last)) s after the previous one, placed right after it")
                        correction += relative - last - frameDuration
                        relative = last + frameDuration
                    }
                    lastRelative = max(lastRelative ?? relative, relative)
                    if copyPictures {
                        let kept = try packet.detach()
                        var bytes = kept.bytes
                        if case .lengthPrefixed = framing {
                            bytes = H264Units.frame(H264Units.units(of: bytes, framing: framing), as: .annexB)
                        }
                        if !setsPlaced && kept.isKey {
                            bytes = H264Units.withParameterSets(sets, before: bytes, framing: .annexB)
                            setsPlaced = true
                        }
                        try kept.replaceData(with: bytes)
                        let delay = kept.decodeTimestamp.map { (Double(timestamp) - Double($0)) * av_q2d(videoTimeBase) } ?? 0
                        kept.pointer.pointee.pts = ticks(start + relative)
                        kept.pointer.pointee.dts = ticks(start + relative - delay)
                        let duration = kept.duration > 0 ? Double(kept.duration) * av_q2d(videoTimeBase) : frameDuration
                        kept.pointer.pointee.duration = ticks(duration)
                        pieceEnd = max(pieceEnd, start + relative + duration)
                        try writeVideo(kept)
                    } else if let decoder {
                        decoder.send(packet)
                        try takeFrames(decoder, firstTimestamp: firstTimestamp ?? 0, timeBase: videoTimeBase,
                                       trimStart: trimStart, start: start, slots: &slots)
                    }
                } else if packet.streamIndex == audioIndex, !info.isStill {
                    if copySound {
                        guard let firstTimestamp, let audioStreamPointer = file.stream(audioIndex),
                              let timestamp = packet.timestamp else { continue }
                        let audioTimeBase = audioStreamPointer.pointee.time_base
                        let relative = Double(timestamp) * av_q2d(audioTimeBase) - Double(firstTimestamp) * av_q2d(videoTimeBase)
                            - info.piece.trimStart
                        guard relative >= -0.001 else { continue }
                        let kept = try packet.detach()
                        let moved = av_rescale_q(ticks(start + relative), ClipCompiler.videoTimeBase, audioTimeBase)
                        kept.pointer.pointee.pts = moved
                        kept.pointer.pointee.dts = moved
                        try writeAudio(kept, timeBase: audioTimeBase)
                    } else {
                        try sound?.decode(packet, file: file, music: music, write: writeEncodedAudio)
                    }
                }
            }
            if let decoder {
                decoder.send(nil)
                try takeFrames(decoder, firstTimestamp: firstTimestamp ?? 0, timeBase: videoTimeBase,
                               trimStart: trimStart, start: start, slots: &slots)
                // The last picture is held to the piece's stated end, but no more than a second
                // past what the file holds: a damaged duration cannot stretch it (a still card
                // is held for its whole time).
                let shown = info.isStill ? slots.total
                    : min(slots.total, (slots.lastShown ?? 0) + 1 + max(1, Int(saturating: av_q2d(rate))))
                try fillSlots(&slots, upTo: shown, start: start)
                pieceEnd = start + Double(shown) * frameDuration
            }
            try sound?.finish(at: pieceEnd, music: music, write: writeEncodedAudio)
            clock = pieceEnd
        }

        private func writeEncodedAudio(_ packet: Packet) throws(MediaError) {
            try writeAudio(packet, timeBase: audioTimeBase)
        }

        private func takeFrames(_ decoder: VideoDecoder, firstTimestamp: Int64, timeBase: AVRational, trimStart: Double,
                                start: Double, slots: inout SlotFiller) throws(MediaError) {
            while let frame = decoder.receive() {
                let time = (Double(frame.timestamp ?? firstTimestamp) - Double(firstTimestamp)) * av_q2d(timeBase) - trimStart
                let slot = Int(saturating: time * av_q2d(rate))
                guard slot < slots.total else { continue }
                if slot >= 0 {
                    try fillSlots(&slots, upTo: slot, start: start)
                }
                slots.lastShown = max(slots.lastShown ?? 0, slot)
                slots.held = try fitter.fit(frame)
            }
        }

        /// Encodes the held picture into every slot before `slot`.
        private func fillSlots(_ slots: inout SlotFiller, upTo slot: Int, start: Double) throws(MediaError) {
            guard let held = slots.held else { return }
            let encoder = try makeVideoEncoder()
            while slots.next < slot {
                var copy = try held.reference()
                if let overlay, overlay.slots.map({ slots.next < $0 }) ?? true {
                    copy = try overlay.text.draw(on: copy)
                }
                copy.pointer.pointee.pts = ticks(start + Double(slots.next) * frameDuration)
                try encoder.send(copy)
                try drainVideo(encoder)
                slots.next += 1
            }
        }

        /// Closes the encoders and the file; returns the duration.
        func finish() throws(MediaError) -> Double {
            try closeVideoEncoder()
            if let audioEncoder {
                try ClipCompiler.pad(audioEncoder, to: Int64(saturating: clock * Double(AudioEncoder.sampleRate)),
                                     music: music, write: writeEncodedAudio)
                try audioEncoder.finish(write: writeEncodedAudio)
            }
            try output.finish()
            return clock
        }
    }

    /// The output frame slots of an encoded piece: slot k shows at k / rate.
    struct SlotFiller {
        let total: Int
        var next = 0
        var held: DecodedFrame?
        /// The latest slot a decoded picture fell in.
        var lastShown: Int?

        init(rate: AVRational, played: Double) {
            total = max(1, Int(saturating: played * av_q2d(rate)))
        }
    }
}
