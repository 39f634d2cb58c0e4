import CNats
import ReelCore

/// Turns libnats statuses into reel's errors.
enum BusError {
    /// A `ToolError` for a failed call: what was done, libnats' text and its last error.
    static func error(_ status: natsStatus, doing what: String, at place: String? = nil,
                      jetStream code: jsErrCode = jsErrCode(rawValue: 0),
                      failure: FailureKind = .unavailable) -> ToolError {
        var text = String(cString: natsStatus_GetText(status))
        var last = status
        if let detail = nats_GetLastError(&last) {
            // libnats puts where in its source it failed first: `(conn.c:2088): No server ...`.
            let message = String(cString: detail).replacing(#/^\([^)]*\.c:\d+\): /#, with: "")
            if !message.isEmpty, message != text { text += ": " + message }
        }
        if code.rawValue != 0 { text += " (JetStream error \(code.rawValue))" }
        return ToolError("\(what): \(String(text.prefix(300)))", at: place, failure: failure)
    }

    /// Whether a failed call may work when tried again (a server away, a leader being elected).
    static func isTransient(_ status: natsStatus) -> Bool {
        status == NATS_TIMEOUT || status == NATS_NO_RESPONDERS || status == NATS_CONNECTION_CLOSED
            || status == NATS_CONNECTION_DISCONNECTED || status == NATS_IO_ERROR || status == NATS_NO_SERVER
            || status == NATS_STALE_CONNECTION || status == NATS_NOT_YET_CONNECTED || status == NATS_ERR
    }
}
