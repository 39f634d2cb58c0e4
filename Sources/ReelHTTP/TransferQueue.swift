import CCurl
import Glibc
import ReelCore

/// Many transfers at once over libcurl's multi interface, on the calling thread.
///
/// Add jobs with `start(_:tag:)`, then call `wait(until:)` to move them along; it returns
/// the transfers that ended. Connections are reused between transfers to the same host. The
/// same rules as `HTTPClient` apply to every URL. Not thread-safe.
public final class TransferQueue {
    /// The limits and timeouts in force.
    public let options: HTTPOptions
    private let multi: UnsafeMutableRawPointer
    private var running: [UnsafeMutableRawPointer: (transfer: CurlTransfer, tag: Int)] = [:]
    private var spareHandles: [UnsafeMutableRawPointer] = []
    private var finished: [TransferOutcome] = []

    /// A queue with `options` for every transfer.
    public init(options: HTTPOptions = HTTPOptions()) throws(NetError) {
        guard curlReady, let multi = curl_multi_init() else {
            throw NetError("cannot initialise libcurl", url: "", kind: .transport)
        }
        self.options = options
        self.multi = multi
    }

    deinit {
        for handle in running.keys {
            curl_multi_remove_handle(multi, handle)
            curl_easy_cleanup(handle)
        }
        for handle in spareHandles {
            curl_easy_cleanup(handle)
        }
        curl_multi_cleanup(multi)
    }

    /// Transfers under way.
    public var activeCount: Int { running.count }

    /// Starts `job`; its outcome carries `tag`. A refused URL or an unopenable file ends it at
    /// once (the outcome comes with the next `wait`).
    public func start(_ job: TransferJob, tag: Int) {
        guard let handle = spareHandles.popLast() ?? curl_easy_init() else {
            finished.append(TransferOutcome(tag: tag, result: .failure(NetError("cannot create a transfer", url: job.request.url, kind: .transport)), bytes: 0))
            return
        }
        curl_easy_reset(handle)
        let transfer: CurlTransfer
        do {
            transfer = try CurlTransfer(job, on: handle, options: options)
        } catch {
            spareHandles.append(handle)
            finished.append(TransferOutcome(tag: tag, result: .failure(error), bytes: 0))
            return
        }
        if transfer.isAlreadyComplete {
            spareHandles.append(handle)
            let response = HTTPResponse(status: 206, headers: [], body: [], url: job.request.url)
            finished.append(TransferOutcome(tag: tag, result: .success(response), bytes: transfer.state.stored))
            return
        }
        running[handle] = (transfer, tag)
        curl_multi_add_handle(multi, handle)
    }

    /// Moves the transfers along until at least one has ended or `deadline` (monotonic
    /// seconds) has passed; returns those that ended, in the order they did.
    public func wait(until deadline: Double) -> [TransferOutcome] {
        while finished.isEmpty {
            var stillRunning: Int32 = 0
            curl_multi_perform(multi, &stillRunning)
            collect()
            guard finished.isEmpty else { break }
            let now = monotonicSeconds()
            guard now < deadline else { break }
            let timeout = min(max(Int32(saturating: (deadline - now) * 1000, rounding: .up), 0), 1000)
            if running.isEmpty {
                usleep(UInt32(timeout) * 1000)
            } else {
                var ready: Int32 = 0
                curl_multi_poll(multi, nil, 0, max(timeout, 1), &ready)
            }
        }
        defer { finished = [] }
        return finished
    }

    private func collect() {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                  let entry = running.removeValue(forKey: handle) else { continue }
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi, handle)
            let result = entry.transfer.finish(code)
            finished.append(TransferOutcome(tag: entry.tag, result: result, bytes: entry.transfer.state.stored))
            spareHandles.append(handle)
        }
    }
}
