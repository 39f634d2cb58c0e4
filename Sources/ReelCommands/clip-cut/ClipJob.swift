import Glibc
import ReelCore
import ReelEvents
import ReelMedia

/// The clips of one clip-cut run: events waiting for their segments, cuts, and clip records.
struct ClipJob {
    let run: ToolRun
    let template: RecordTemplate
    let folder: String
    let container: OutputFile.Container
    let accurate: Bool
    let force: Bool
    /// What is cut from (nil: nothing to cut from).
    var source: ClipSource?
    /// The source grows with the segment records on stdin.
    var followsSegments = false
    private var waiting: [(event: Record, window: EventWindow)] = []

    init(run: ToolRun, template: RecordTemplate, folder: String, container: OutputFile.Container,
         accurate: Bool, force: Bool) {
        self.run = run
        self.template = template
        self.folder = folder
        self.container = container
        self.accurate = accurate
        self.force = force
    }

    /// The piece a `segment` record describes, or nil when it has no path.
    ///
    /// - Throws: `NumberRangeError` for a `start` that is not a stream time (-1e9 to 1e9 s) or
    ///   a `duration` that is not 0 to a day.
    static func piece(of record: Record) throws(NumberRangeError) -> ClipSource.Piece? {
        guard let segment = SegmentRecord(record), let path = segment.path else { return nil }
        return ClipSource.Piece(path: path, start: try segment.start, duration: try segment.duration,
                                discontinuity: segment.discontinuity)
    }

    /// Whether `piece` goes on from the pieces before it (which end at `known`); a segment
    /// repeated, or going back in time, holds what was read already: skipped with a warning.
    static func followsOn(_ piece: ClipSource.Piece, after known: Double?, run: ToolRun) -> Bool {
        guard let known, let start = piece.start, start < known - StreamTimeline.tolerance else { return true }
        run.diagnostics.warning("a segment starting at \(RecordTemplate.shortest(start)) s, before the end of the ones before it (\(RecordTemplate.shortest(known)) s): skipped",
                                at: piece.path)
        return false
    }

    /// A segment arrived on stdin: events whose windows it completes are cut.
    mutating func add(segment record: Record) throws {
        guard SegmentRecord(record)?.isSkippedAdvertisement != true else { return }
        guard let piece = try Self.piece(of: record) else {
            run.diagnostics.error("segment record without a path", at: "stdin", failure: .badInput)
            return
        }
        guard Self.followsOn(piece, after: source?.knownEnd, run: run) else { return }
        if source == nil {
            source = ClipSource(pieces: [piece])
        } else {
            source?.pieces.append(piece)
        }
        let all = waiting
        let ready = all.filter { isReady($0.window) }
        waiting = all.filter { !isReady($0.window) }
        for (event, window) in ready {
            try cut(event, window: window)
        }
    }

    private func isReady(_ window: EventWindow) -> Bool {
        guard followsSegments else { return true }
        guard let end = window.end, let known = source?.knownEnd else { return false }
        return known >= end
    }

    /// An event asks for a clip: cut now, or once its segments are there.
    mutating func request(_ event: Record, window: EventWindow) throws {
        if isReady(window) {
            try cut(event, window: window)
        } else {
            waiting.append((event, window))
        }
    }

    /// The input ended: events still waiting are cut from what there is.
    mutating func finish() throws {
        if source == nil, followsSegments, !waiting.isEmpty {
            // No --source, no --segments and no segment record came: nothing to cut from.
            run.diagnostics.error("nothing to cut from: give --source VIDEO or --segments FILE, or segment records "
                                  + "(hls-fetch's) on the input before the events", at: "stdin", failure: .missingInput)
        }
        for (event, window) in waiting {
            try cut(event, window: window)
        }
        waiting = []
    }

    private func cut(_ event: Record, window: EventWindow) throws {
        guard let source else { return }
        var fields = event.object
        if fields["start"] == nil { fields["start"] = JSONValue(window.start) }
        if fields["end"] == nil, let end = window.end { fields["end"] = JSONValue(end) }
        let missing = template.missingFields(in: fields)
        guard missing.isEmpty else {
            // A clip named after a field the event lacks would be named `none`: said instead.
            let names = missing.map { "{\($0)}" }.joined(separator: ", ")
            run.diagnostics.error("--name \(template.source): the event has no \(names) (no clip cut)",
                                  at: event.eventPlace, failure: .badInput)
            return
        }
        let path = (folder == "." ? "" : folder + "/") + template.fileName(for: fields) + "." + container.rawValue
        let end = window.end ?? .infinity
        let request = ClipRequest(window: [window.start, window.end ?? -1], accurate: accurate, source: source.name)
        if !force, let stored = ClipRequest.stored(in: path), stored.request == request {
            try run.output.write(record(for: stored.clip, path: path, event: event, source: source))
            return
        }
        let cutter = ClipCutter(source: source, container: container) { place, problem in
            run.diagnostics.warning(problem, at: place)
        }
        do {
            guard let clip = try cutter.cut(from: window.start, to: end, accurate: accurate, into: path,
                                            comment: request.comment(for:)) else {
                run.diagnostics.warning("the window \(RecordTemplate.shortest(window.start))-\(window.end.map(RecordTemplate.shortest) ?? "end") s holds no picture of the source: skipped",
                                        at: source.name)
                return
            }
            try run.output.write(record(for: clip, path: path, event: event, source: source))
            if clip.refusedPackets > 0 {
                run.diagnostics.error("\(clip.refusedPackets) damaged packet(s) of the source left out", at: path, failure: .badInput)
            }
            if !clip.skipped.isEmpty {
                let seconds = clip.skipped.reduce(0) { $0 + $1.upperBound - $1.lowerBound }
                run.diagnostics.error("\(RecordTemplate.shortest(seconds)) s of damaged or missing data cut out",
                                      at: path, failure: clip.missing.isEmpty ? .badInput : .missingInput)
            }
        } catch let error as MediaError {
            run.diagnostics.error(error)
        }
    }

    private func record(for clip: CutClip, path: String, event: Record, source: ClipSource) -> Record {
        ClipRecord(path: path, source: source.name, start: clip.start, end: clip.end, duration: clip.duration,
                   method: clip.method.rawValue, skipped: clip.skipped, clipped: clip.clipped, event: event).record
    }
}
