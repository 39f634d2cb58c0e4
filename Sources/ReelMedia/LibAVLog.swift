import CFFmpeg
import Foundation

/// libav's own messages: off by default (tools report problems themselves, as `tool: where:
/// what`); `REEL_AV_LOG=warning` (or error, info, debug) shows them for debugging.
public enum LibAVLog {
    /// Applies REEL_AV_LOG, or silences libav.
    public static func configure() {
        let levels: [String: Int32] = ["quiet": AV_LOG_QUIET, "error": AV_LOG_ERROR, "warning": AV_LOG_WARNING,
                                       "info": AV_LOG_INFO, "debug": AV_LOG_DEBUG]
        let wanted = ProcessInfo.processInfo.environment["REEL_AV_LOG"].flatMap { levels[$0.lowercased()] }
        av_log_set_level(wanted ?? AV_LOG_QUIET)
    }
}
