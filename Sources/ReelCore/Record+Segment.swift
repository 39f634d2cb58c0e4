extension Record {
    /// A `segment` record of an advertisement hls-fetch skipped: marked `ad`, no file. Tools
    /// that read segments pass it on without looking for a file.
    public var isSkippedSegment: Bool {
        type == "segment" && self["path"] == nil && self["ad"]?.boolValue == true
    }
}
