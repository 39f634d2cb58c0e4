import ReelCore

/// The labelling page: one HTML file with its style and script inline and the frames, their
/// crops as PNG or JPEG data URIs, as JSON.
struct LabelPage {
    /// One frame on the page.
    struct Frame {
        /// `t` as the frame record writes it (labels repeat it exactly).
        var literalTime: String
        var time: Double
        /// Its crop among the page's images.
        var image: Int
        /// Its source among the page's sources.
        var source: Int?
        /// The height of frames as cropped and scaled (a template's `template_height`).
        var templateHeight: Int?
        /// The crop's image file.
        var file: String
        var width: Int
        var height: Int

        var json: JSONValue {
            var object: JSONObject = ["t": .string(literalTime), "time": JSONValue(time), "image": JSONValue(image),
                                      "file": .string(file), "w": JSONValue(width), "h": JSONValue(height)]
            if let source { object["source"] = JSONValue(source) }
            if let templateHeight { object["th"] = JSONValue(templateHeight) }
            return .object(object)
        }
    }

    var title: String
    /// The crop's name (the counter's `region`).
    var region: String
    /// The widest the current frame is shown, in CSS pixels.
    var maxWidth: Int
    /// In time order, grouped by source.
    var frames: [Frame]
    var sources: [String]
    /// Data URIs of the crops, PNG or JPEG.
    var images: [String]
    /// Whether each image has the crop's exact pixels (PNG; the icon is cut from these).
    var exact: [Bool]
    /// Where the browser keeps the work between visits.
    var storageKey: String

    /// The page's data, as the script reads it.
    var data: JSONValue {
        [
            "region": .string(region), "maxWidth": JSONValue(maxWidth), "key": .string(storageKey),
            "sources": .array(sources.map { .string($0) }), "frames": .array(frames.map(\.json)),
            "images": .array(images.map { .string($0) }),
            "exact": .array(exact.map { .bool($0) }),
        ]
    }

    var html: String {
        let json = String(decoding: data.serialized(), as: UTF8.self)
        return Self.template
            .replacingOccurrences(of: "@TITLE@", with: Self.escaped(title))
            .replacingOccurrences(of: "@DATA@", with: Self.scriptSafe(json)) + "\n"
    }

    /// Text for HTML content.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// JSON safe inside a <script> element (no `</`, no `<!--`).
    static func scriptSafe(_ json: String) -> String {
        json.replacingOccurrences(of: "<", with: "\\u003c")
    }
}
