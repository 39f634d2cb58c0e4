extension ToolRun {
    /// A function a worker thread applies to each record (with the frames around it), giving
    /// the record to write and the problems to report.
    public typealias Annotate = (Record, [Record]) -> (Record, [ToolError])

    /// Annotates every record of `inputs` on `workers` threads and writes the results in input
    /// order, as soon as each is ready: the one driver of skull-find, digit-classify and
    /// ocr-frame.
    ///
    /// Each worker calls `makeWorker` once on its own thread (for its own engine or network).
    /// With `window` above 1 every frame comes with that many neighbouring frames in all (those
    /// before it and those after, which it waits for); other records keep their place. At most
    /// four results per worker are in flight, so memory stays bounded. `progress` is called
    /// with each record written.
    public func annotateRecords(in inputs: [String], window: Int = 1, workers: Int,
                                progress: ((Record) -> Void)? = nil,
                                makeWorker: @escaping @Sendable () -> Annotate) throws {
        let workers = max(1, workers)
        let pool = OrderedPool<(Record, [Record]), (Record, [ToolError])>(workers: workers) {
            let annotate = makeWorker()
            return { job in annotate(job.0, job.1) }
        }
        defer { pool.close() }
        func take(wait: Bool) throws -> Bool {
            guard let (record, problems) = pool.next(wait: wait) else { return false }
            problems.forEach { diagnostics.error($0) }
            try output.write(record)
            progress?(record)
            return true
        }
        var frames = FrameWindow(size: max(1, window))
        try forEachRecord(in: inputs) { record in
            for job in frames.add(record) {
                pool.submit(job)
            }
            while pool.inFlight >= 4 * workers, try take(wait: true) {}
            while try take(wait: false) {}
        }
        for job in frames.finish() {
            pool.submit(job)
        }
        while try take(wait: true) {}
    }
}
