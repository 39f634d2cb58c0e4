import Glibc
import ReelCore
import ReelHTTP

extension HLSFetcher {
    /// What to do after a transfer ended.
    enum Verdict {
        case success(HTTPResponse)
        case retry(String, after: Double?)
        case failure(String)
    }

    static func verdict(_ result: Result<HTTPResponse, NetError>) -> Verdict {
        switch result {
        case .success(let response) where (200..<300).contains(response.status):
            return .success(response)
        case .success(let response) where isRetryable(response.status):
            return .retry(response.summary, after: retryAfter(response))
        case .success(let response):
            return .failure(response.summary)
        case .failure(let error) where error.isTransient:
            return .retry(error.reason, after: nil)
        case .failure(let error):
            return .failure(error.reason)
        }
    }

    /// Adds a segment of the playlist to the list (or skips it when outside --start/--duration).
    func add(_ segment: HLSSegment, span: ByteSpan?) {
        lastSequence = segment.sequence
        let start = nextStart
        nextStart += segment.duration
        let date = segment.programDateTime.flatMap(ProgramDateTime.seconds) ?? carriedDate
        carriedDate = date.map { $0 + segment.duration }
        if start + segment.duration <= options.start + 1e-6 && segment.duration > 0 {
            return
        }
        if let duration = options.duration, start >= options.start + duration - 1e-6 {
            isEnded = true
            return
        }
        var item = HLSFetchItem(segment: segment, url: segment.uri, span: span, start: start,
                                programDateTime: date.map(ProgramDateTime.text),
                                discontinuity: segment.discontinuity || (afterAdvertisement && !items.isEmpty),
                                fileName: Self.fileName(for: segment), state: .queued)
        defer { items.append(item) }
        if segment.isGap {
            item.state = .gap(FetchGap(from: segment.sequence, to: segment.sequence, start: start,
                                       duration: segment.duration, reason: "marked EXT-X-GAP"))
            afterAdvertisement = true
            return
        }
        if ads.contains(segment, at: date) {
            item.state = .advertisement
            afterAdvertisement = true
            return
        }
        afterAdvertisement = false
        do {
            item.url = try HLSReference.resolve(segment.uri, against: mediaURL)
            item.isMuted = Self.isMuted(item.url)
            if let key = segment.key {
                guard key.method.uppercased() == "AES-128" else {
                    throw HLSFetchError("encryption METHOD=\(key.method) is not supported (only AES-128)", at: nil)
                }
                guard let uri = key.uri else {
                    throw HLSFetchError("an AES-128 key without URI", at: nil)
                }
                item.key = resource(try HLSReference.resolve(uri, against: mediaURL), span: nil, what: "key")
                item.iv = try SegmentDecryptor.initializationVector(key.iv, sequence: segment.sequence)
            }
            if let map = segment.map {
                let span = map.byteRange.map { ByteSpan(offset: $0.offset ?? 0, length: $0.length) }
                item.map = resource(try HLSReference.resolve(map.uri, against: mediaURL), span: span,
                                    what: "initialisation section")
            }
        } catch {
            item.state = .failed("\(error)")
            return
        }
        // A complete file from an earlier run: a regular file (a planted link is not taken).
        var info = stat()
        if lstat(path(of: item.fileName), &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 {
            item.state = .done(bytes: Int(info.st_size), resumed: true)
        }
    }

    /// The index of the resource at `url` (registered once).
    private func resource(_ url: String, span: ByteSpan?, what: String) -> Int {
        let key = "\(url) \(span.map { "\($0.offset)+\($0.length)" } ?? "")"
        if let index = resourceIndex[key] {
            return index
        }
        resources.append(HLSFetchResource(url: url, span: span, what: what))
        resourceIndex[key] = resources.count - 1
        return resources.count - 1
    }

    /// `000041.ts`: the sequence number and a media extension, never a name from the URL.
    static func fileName(for segment: HLSSegment) -> String {
        let digits = String(segment.sequence.magnitude)
        let number = (segment.sequence < 0 ? "n" : "") + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
        if segment.map != nil {
            return number + ".mp4"
        }
        let last = segment.uri.split(separator: "?").first?.split(separator: "/").last ?? ""
        let suffix = last.split(separator: ".").last.map { $0.lowercased() } ?? ""
        let known = ["ts", "aac", "ac3", "ec3", "mp3", "mp4", "m4s", "m4a", "m4v", "vtt", "webvtt"]
        return number + "." + (last.contains(".") && known.contains(suffix) ? suffix : "ts")
    }

    /// Twitch names muted VOD segments `N-muted.ts`.
    static func isMuted(_ url: String) -> Bool {
        let path = url.split(separator: "?").first ?? ""
        return path.split(separator: "/").last?.contains("-muted.") == true
    }

    func path(of fileName: String) -> String {
        options.folder == "." ? fileName : "\(options.folder)/\(fileName)"
    }

    func partialPath(of fileName: String) -> String {
        path(of: ".\(fileName).part")
    }

    /// Starts keys and maps that are due, and segments up to `threads` in playlist order.
    func startTransfers(now: Double) {
        for index in resources.indices {
            guard case .queued = resources[index].state, resources[index].retryAt <= now else { continue }
            resources[index].state = .running
            resources[index].startedAt = now
            let resource = resources[index]
            queue.start(TransferJob(HTTPRequest(url: resource.url, headers: options.headers), span: resource.span),
                        tag: -2 - index)
        }
        var running = items[emitted...].reduce(0) { $0 + ($1.isRunning ? 1 : 0) }
        var index = emitted
        while running < options.threads && index < items.count {
            if items[index].isQueued && items[index].retryAt <= now {
                items[index].state = .running
                items[index].attempts += 1
                items[index].startedAt = now
                let item = items[index]
                queue.start(TransferJob(HTTPRequest(url: item.url, headers: options.headers),
                                        sink: .file(partialPath(of: item.fileName)), span: item.span),
                            tag: index)
                running += 1
            }
            index += 1
        }
    }

    /// A transfer ended.
    func handle(_ outcome: TransferOutcome) {
        if outcome.tag == Self.playlistTag {
            reloaded(outcome)
        } else if outcome.tag <= -2 {
            resourceEnded(-2 - outcome.tag, outcome)
        } else {
            segmentEnded(outcome.tag, outcome)
        }
    }

    private func segmentEnded(_ index: Int, _ outcome: TransferOutcome) {
        var item = items[index]
        defer { items[index] = item }
        var verdict = Self.verdict(outcome.result)
        if case .success(let response) = outcome.result, response.status == 416 {
            // The partial file does not fit the resource (changed on the server?): start over.
            unlink(partialPath(of: item.fileName))
            verdict = .retry("HTTP 416 for the rest of a partial file", after: nil)
        }
        let what = "segment \(item.segment.sequence)"
        var problem: String?
        switch verdict {
        case .success:
            item.state = .downloaded
        case .retry(let reason, let after):
            item.lastReason = reason
            if let retryAt = nextAttempt(after: item.attempts, retryAfter: after) {
                item.state = .queued
                item.retryAt = retryAt
                problem = Self.retrying(reason, in: retryAt - monotonicSeconds(), attempt: item.attempts + 1,
                                        of: options.retries + 1)
            } else {
                item.state = .failed("\(reason) (\(item.attempts) attempts)")
                problem = "\(reason): giving up after \(item.attempts) attempts"
            }
        case .failure(let reason):
            item.state = .failed(reason)
            unlink(partialPath(of: item.fileName))
            problem = "\(reason): giving up"
        }
        noteTransfer(what, url: item.url, bytes: outcome.bytes, startedAt: item.startedAt, problem: problem)
    }

    private func resourceEnded(_ index: Int, _ outcome: TransferOutcome) {
        var resource = resources[index]
        defer { resources[index] = resource }
        resource.attempts += 1
        var problem: String?
        switch Self.verdict(outcome.result) {
        case .success(let response):
            if resource.what == "key" && response.body.count != 16 {
                resource.state = .failed("a key of \(response.body.count) bytes (AES-128 needs 16)")
                problem = "a key of \(response.body.count) bytes (AES-128 needs 16)"
            } else {
                resource.state = .ready(response.body)
            }
        case .retry(let reason, let after):
            if let retryAt = nextAttempt(after: resource.attempts, retryAfter: after) {
                resource.state = .queued
                resource.retryAt = retryAt
                problem = Self.retrying(reason, in: retryAt - monotonicSeconds(), attempt: resource.attempts + 1,
                                        of: options.retries + 1)
            } else {
                resource.state = .failed("\(reason) (\(resource.attempts) attempts)")
                problem = "\(reason): giving up after \(resource.attempts) attempts"
            }
        case .failure(let reason):
            resource.state = .failed(reason)
            problem = "\(reason): giving up"
        }
        noteTransfer(resource.what, url: resource.url, bytes: outcome.bytes, startedAt: resource.startedAt, problem: problem)
    }

    /// When to try again after `attempts` attempts (nil: no more tries).
    private func nextAttempt(after attempts: Int, retryAfter: Double?) -> Double? {
        guard attempts <= options.retries else { return nil }
        return monotonicSeconds() + Self.backoff(after: attempts, retryAfter: retryAfter)
    }

    /// Turns downloaded segments whose key and map are there into their final files.
    func finishDownloads() {
        for index in emitted..<items.count {
            guard case .downloaded = items[index].state else { continue }
            let item = items[index]
            var key: [UInt8]?
            var map: [UInt8]?
            if let resource = item.key {
                switch resources[resource].state {
                case .ready(let bytes): key = bytes
                case .failed(let reason):
                    fail(index, "its key: \(reason)")
                    continue
                default: continue
                }
            }
            if let resource = item.map {
                switch resources[resource].state {
                case .ready(let bytes): map = bytes
                case .failed(let reason):
                    fail(index, "its initialisation section: \(reason)")
                    continue
                default: continue
                }
            }
            do {
                let bytes = try finalize(item, key: key, map: map)
                items[index].state = .done(bytes: bytes, resumed: false)
            } catch {
                fail(index, "\(error)")
            }
        }
    }

    private func fail(_ index: Int, _ reason: String) {
        items[index].state = .failed(reason)
        unlink(partialPath(of: items[index].fileName))
    }

    /// Decrypts and prepends the map as needed, then puts the file in place; returns its size.
    private func finalize(_ item: HLSFetchItem, key: [UInt8]?, map: [UInt8]?) throws -> Int {
        let partial = partialPath(of: item.fileName)
        let final = path(of: item.fileName)
        if key == nil && map == nil {
            do {
                try AtomicFile.moveIntoPlace(partial, to: final)
            } catch {
                throw HLSFetchError(error.reason, at: error.location, failure: .ioFailed)
            }
        } else {
            var bytes = try Self.read(partial)
            if let key {
                bytes = try SegmentDecryptor.decrypt(bytes, key: key, iv: item.iv)
            }
            try AtomicFile.write((map ?? []) + bytes, to: final)
            unlink(partial)
        }
        var info = stat()
        lstat(final, &info)
        return Int(info.st_size)
    }

    /// A whole file's bytes (a segment: bounded by the largest segment accepted).
    static func read(_ path: String) throws(HLSFetchError) -> [UInt8] {
        do {
            return try AtomicFile.read(path, limit: Int.max)
        } catch {
            throw HLSFetchError(error.reason, at: path, failure: .ioFailed)
        }
    }
}
