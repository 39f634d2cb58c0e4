import Glibc
import ReelCore
import ReelHTTP

/// Delivers records to hooks, each record to each hook once: spooled durably before the first
/// attempt, sent in parallel over one `TransferQueue` (a slow hook never holds up the others),
/// retried with exponential backoff and jitter on network errors, 5xx, 408 and 429 (honouring
/// `Retry-After`), marked done after success; permanent failures go to the dead letters.
public final class HookDeliverer {
    /// What happened to a delivery.
    public enum Event: Sendable {
        /// The `post` record of a delivery that ended (delivered, link-only, failed), or of one
        /// done in an earlier run.
        case post(Record)
        /// A delivery given up on: the hook's name and why (never its URL).
        case failure(hook: String, reason: String)
        /// A file of the spool that cannot be read as what it should hold (`badInput`).
        case damagedSpool(String)
        case warning(String)
    }

    /// Attempts per delivery before it is given up.
    public var maximumAttempts = 8
    public let hooks: [Hook]
    /// Which files may be attached (Discord, upload).
    public let attachments: AttachmentPolicy
    let spool: DeliverySpool
    let queue: TransferQueue
    let report: (Event) throws -> Void
    var waiting: [Delivery] = []
    var running: [Int: (delivery: Delivery, linkOnly: String?)] = [:]
    var nextTag = 0

    public init(hooks: [Hook], spool: DeliverySpool, http: HTTPOptions, attachments: AttachmentPolicy,
                report: @escaping (Event) throws -> Void) throws(NetError) {
        self.hooks = hooks
        self.attachments = attachments
        self.spool = spool
        self.report = report
        queue = try TransferQueue(options: http)
    }

    /// Nothing waiting or under way.
    public var isIdle: Bool { waiting.isEmpty && running.isEmpty }

    /// Takes up the deliveries an earlier run left pending.
    public func resumePending() throws {
        let (deliveries, damaged) = spool.pending()
        for reason in damaged {
            try report(.damagedSpool(reason))
        }
        for delivery in deliveries {
            // Done, and still pending: a run killed between marking it done and taking it out
            // of pending. It is done; sending it again would deliver it twice.
            if try reportedDone(delivery) {
                spool.forgetPending(delivery.key)
                continue
            }
            guard hooks.contains(where: { $0.name == delivery.hook }) else {
                try report(.warning("a pending delivery to hook \(delivery.hook), which is not configured, stays in the spool"))
                continue
            }
            waiting.append(delivery)
        }
    }

    /// Whether `delivery` was done in an earlier run (its post reported again, as it was).
    private func reportedDone(_ delivery: Delivery) throws -> Bool {
        switch spool.done(delivery.key) {
        case .done(let post):
            try report(.post(post))
            return true
        case .damaged(let reason):
            // Done before (its file is there), so never sent again; its record is lost.
            try report(.damagedSpool(reason))
            try report(.post(PostRecord(hook: delivery.hook, status: .delivered, attempts: nil, http: nil, key: delivery.key,
                                        for: delivery.subject,
                                        reason: "delivered in an earlier run; its stored post record is damaged").record))
            return true
        case .notDone:
            return false
        }
    }

    /// Spools deliveries of `record` to every hook (those done before are reported as they were).
    public func submit(_ record: Record) throws {
        for hook in hooks {
            let delivery = Delivery(record: record, hook: hook.name)
            if try reportedDone(delivery) { continue }
            guard !waiting.contains(where: { $0.key == delivery.key }),
                  !running.values.contains(where: { $0.delivery.key == delivery.key }) else { continue }
            try spool.add(delivery)
            waiting.append(delivery)
        }
    }

    /// Starts the deliveries that are due, then moves transfers along until one ends or
    /// `seconds` pass.
    public func step(waitingAtMost seconds: Double) throws {
        let now = monotonicSeconds()
        let deadline = now + seconds
        var later: [Delivery] = []
        for var delivery in waiting {
            guard delivery.dueAt <= now, let hook = hooks.first(where: { $0.name == delivery.hook }) else {
                later.append(delivery)
                continue
            }
            delivery.attempts += 1
            switch request(for: delivery, to: hook) {
            case .send(let job, let linkOnly):
                running[nextTag] = (delivery, linkOnly)
                queue.start(job, tag: nextTag)
                nextTag += 1
            case .impossible(let reason):
                try giveUp(delivery, hook: hook, status: 0, reason: reason)
            }
        }
        waiting = later
        let soonest = waiting.map(\.dueAt).min() ?? deadline
        for outcome in queue.wait(until: min(deadline, max(soonest, now + 0.001))) {
            guard let (delivery, linkOnly) = running.removeValue(forKey: outcome.tag),
                  let hook = hooks.first(where: { $0.name == delivery.hook }) else { continue }
            try ended(delivery, hook: hook, linkOnly: linkOnly, outcome.result)
        }
    }

    private func ended(_ delivery: Delivery, hook: Hook, linkOnly: String?, _ result: Result<HTTPResponse, NetError>) throws {
        let (status, retryable, reason, retryAfter): (Int, Bool, String, Double?)
        switch result {
        case .success(let response) where (200..<300).contains(response.status):
            try delivered(delivery, hook: hook, linkOnly: linkOnly, response)
            return
        case .success(let response):
            let retry = response.status >= 500 || response.status == 429 || response.status == 408
            (status, retryable, reason, retryAfter) = (response.status, retry, response.summary,
                                                       response.retryAfter(cap: Self.maximumRetryAfter))
        case .failure(let error):
            (status, retryable, reason, retryAfter) = (0, error.isTransient, error.reason, nil)
        }
        guard retryable, delivery.attempts < maximumAttempts else {
            let why = retryable ? "\(reason) (\(delivery.attempts) attempts)" : reason
            try giveUp(delivery, hook: hook, status: status, reason: why)
            return
        }
        var again = delivery
        again.dueAt = monotonicSeconds() + Self.backoff(after: delivery.attempts, retryAfter: retryAfter)
        waiting.append(again)
    }

    private func delivered(_ delivery: Delivery, hook: Hook, linkOnly: String?, _ response: HTTPResponse) throws {
        let answer = try? JSONParser.parse(response.body)
        var url: String?, id: String?
        if hook.kind == .upload, let link = answer.flatMap({ Self.value(at: hook.urlField, in: $0) }) {
            url = link
        } else if hook.kind == .streamable, let code = answer?["shortcode"]?.stringValue,
                  !code.isEmpty, code.count <= 64, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            url = hook.site + code
            id = code
        } else if let link = answer?["url"]?.stringValue {
            url = link
        }
        if let answered = answer?["id"] {
            id = answered.stringValue ?? RecordTemplate.text(of: answered)
        }
        let post = PostRecord(hook: hook.name, status: linkOnly == nil ? .delivered : .linkOnly, attempts: delivery.attempts,
                              http: response.status, url: url, id: id, key: delivery.key, for: delivery.subject,
                              reason: linkOnly).record
        try spool.markDone(delivery.key, post: post)
        try report(.post(post))
    }

    private func giveUp(_ delivery: Delivery, hook: Hook, status: Int, reason: String) throws {
        let post = PostRecord(hook: hook.name, status: .failed, attempts: delivery.attempts, http: status, key: delivery.key,
                              for: delivery.subject, reason: reason).record
        try spool.markDead(delivery, post: post, response: reason)
        try report(.failure(hook: hook.name, reason: reason))
        try report(.post(post))
    }

    /// A string at a dotted path of a JSON answer (`url`, `data.link`).
    static func value(at path: String, in answer: JSONValue) -> String? {
        var current: JSONValue? = answer
        for part in path.split(separator: ".") {
            current = current?[String(part)]
        }
        return current.map { $0.stringValue ?? RecordTemplate.text(of: $0) }
    }

    /// The longest wait a `Retry-After` gets, in seconds.
    static let maximumRetryAfter = 300.0

    /// 0.5 s doubling up to 60 s, times a jitter of 0.5 to 1.5; a valid Retry-After (a number
    /// of seconds or an HTTP date, at most 300 s) wins.
    static func backoff(after attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter, retryAfter >= 0, retryAfter.isFinite {
            return min(retryAfter, maximumRetryAfter)
        }
        return min(60, 0.5 * Double(1 << min(attempt - 1, 10))) * Double.random(in: 0.5...1.5)
    }
}
