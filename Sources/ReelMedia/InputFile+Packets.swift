import CFFmpeg

extension InputFile {
    /// The index of the best video stream, or nil when the file has none.
    public var videoStreamIndex: Int? {
        let index = av_find_best_stream(context, AVMEDIA_TYPE_VIDEO, -1, -1, nil, 0)
        return index >= 0 ? Int(index) : nil
    }

    /// The stream at `index`.
    func stream(_ index: Int) -> UnsafeMutablePointer<AVStream>? {
        guard index >= 0, index < Int(context.pointee.nb_streams) else { return nil }
        return context.pointee.streams[index]
    }

    /// Tells the demuxer to drop every stream but `index` (saves parsing audio and data).
    public func keepOnly(stream index: Int) {
        for other in 0..<Int(context.pointee.nb_streams) {
            context.pointee.streams[other]?.pointee.discard = other == index ? AVDISCARD_DEFAULT : AVDISCARD_ALL
        }
    }

    /// Reads the next packet into `packet`; false at the end of the file.
    ///
    /// - Throws: `MediaError` for a read error other than the end (damaged data is the
    ///   decoder's to judge, so the demuxer's recoverable errors are skipped).
    public func read(into packet: Packet) throws(MediaError) -> Bool {
        av_packet_unref(packet.pointer)
        var invalidInARow = 0
        while true {
            let code = av_read_frame(context, packet.pointer)
            if code >= 0 {
                return true
            }
            if code == reel_averror_eof() {
                return false
            }
            if code == reel_averror_invaliddata() && invalidInARow < 1000 {
                invalidInARow += 1
                skippedDamage += 1
                continue
            }
            throw MediaError(code: code, doing: "cannot read", at: path)
        }
    }
}

extension InputFile {
    /// A metadata tag of the container (`comment`, `title`, ...), when present.
    public func metadata(_ key: String) -> String? {
        guard let entry = av_dict_get(context.pointee.metadata, key, nil, 0), let value = entry.pointee.value else {
            return nil
        }
        return String(cString: value)
    }
}
