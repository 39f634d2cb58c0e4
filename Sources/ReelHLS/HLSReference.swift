import Foundation
import ReelHTTP

/// URIs in a playlist made absolute against the playlist's URL, under the rules for untrusted
/// playlists: only http and https, and nothing from an https playlist over plain http.
public enum HLSReference {
    /// `reference` (absolute, or relative to `base`) as an absolute URL.
    ///
    /// - Throws: `HLSPlaylistError` for another scheme (`file:`, `data:`, ...), a downgrade
    ///   from https to http, or text that is not a URL.
    public static func resolve(_ reference: String, against base: String) throws(HLSPlaylistError) -> String {
        guard let baseURL = URL(string: base), let baseScheme = baseURL.scheme?.lowercased(),
              baseScheme == "http" || baseScheme == "https" else {
            throw HLSPlaylistError("the playlist's own URL is not http(s)", at: URLRedaction.redact(base))
        }
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, let url = URL(string: trimmed, relativeTo: baseURL)?.absoluteURL,
              let scheme = url.scheme?.lowercased() else {
            throw HLSPlaylistError("not a URI: \(URLRedaction.redact(trimmed))", at: URLRedaction.redact(base))
        }
        guard scheme == "http" || scheme == "https" else {
            throw HLSPlaylistError("refused \(scheme): URI (only http and https)", at: URLRedaction.redact(base))
        }
        guard !(baseScheme == "https" && scheme == "http") else {
            throw HLSPlaylistError("refused http URI in an https playlist (no downgrade)", at: URLRedaction.redact(base))
        }
        guard url.host?.isEmpty == false else {
            throw HLSPlaylistError("URI without a host", at: URLRedaction.redact(base))
        }
        return url.absoluteString
    }
}
