import ReelCore
import ReelHTTP

extension HLSFetcher {
    /// Reports the items at the head of the list that are settled, in order.
    func emitReady() throws {
        while emitted < items.count {
            let item = items[emitted]
            var segment = FetchedSegment(sequence: item.segment.sequence, url: URLRedaction.redact(item.url), path: nil,
                                         start: item.start, duration: item.segment.duration, bytes: 0,
                                         discontinuity: item.discontinuity, programDateTime: item.programDateTime,
                                         isMuted: item.isMuted, variant: variantName)
            switch item.state {
            case .done(let bytes, let resumed):
                let map = item.map.map { resources[$0] }
                if concatenation != nil, let map, map.bytes == nil {
                    if case .failed = map.state {} else { return }  // its map is still on the way
                }
                segment.path = path(of: item.fileName)
                segment.bytes = bytes
                segment.wasResumed = resumed
                // Into the joined file first: its record then says it is there too.
                try concatenation?.append(path(of: item.fileName), map: map?.bytes, mapID: item.map)
                if isLive {
                    try concatenation?.publish()  // a live recording grows in place
                }
                try report(.segment(segment))
            case .advertisement:
                segment.isAdvertisement = true
                try report(.segment(segment))
            case .failed(let reason):
                failures += 1
                try report(.failure(FetchFailure(sequence: item.segment.sequence, url: URLRedaction.redact(item.url),
                                                 start: item.start, duration: item.segment.duration, reason: reason,
                                                 attempts: item.attempts)))
                try report(.gap(FetchGap(from: item.segment.sequence, to: item.segment.sequence, start: item.start,
                                         duration: item.segment.duration, reason: "failed: \(reason)")))
            case .gap(let gap):
                try report(.gap(gap))
            case .queued, .running, .downloaded:
                return
            }
            emitted += 1
        }
    }
}
