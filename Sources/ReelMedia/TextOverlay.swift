import CFFmpeg
import Glibc
import ReelCore

/// Lines of text drawn over YUV 4:2:0 pictures with libavfilter's drawtext (FreeType): a
/// streamer's name over a clip's first seconds, the lines of a credits card.
///
/// The text is set as an option, never parsed as part of a filter description, and drawn as it
/// is (`expansion=none`): no `%{...}` in a channel name or title is expanded.
public final class TextOverlay {
    /// How the text looks and where it goes.
    public struct Style: Sendable, Equatable {
        /// Where the block of lines sits.
        public enum Position: String, Sendable, CaseIterable {
            case topLeft = "top-left", topRight = "top-right", bottomLeft = "bottom-left", bottomRight = "bottom-right"
            case center
        }

        /// A font file (TTF, OTF), or a fontconfig name (`DejaVu Sans:style=Bold`).
        public var font: String
        /// The first line's height in pixels for a picture 720 lines high (scaled with the
        /// picture); later lines are 70 % of it.
        public var size: Double
        public var position: Position

        /// DejaVu Sans Bold, which Debian's fonts-dejavu-core installs.
        public static let defaultFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

        public init(font: String = Style.defaultFont, size: Double = 40, position: Position = .bottomLeft) {
            self.font = font
            self.size = size
            self.position = position
        }
    }

    private var graph: UnsafeMutablePointer<AVFilterGraph>?
    private let source: UnsafeMutablePointer<AVFilterContext>
    private let sink: UnsafeMutablePointer<AVFilterContext>
    public let width: Int
    public let height: Int

    /// The longest line drawn, in bytes (a longer one is cut).
    public static let maximumLineLength = 200

    /// An overlay drawing `lines` (empty ones left out) on pictures of `width`x`height`.
    public init(lines: [String], style: Style, width: Int, height: Int) throws(MediaError) {
        self.width = width
        self.height = height
        guard let graph = avfilter_graph_alloc() else { throw MediaError("out of memory for a filter graph", at: "", failure: .failed) }
        self.graph = graph
        var made: (UnsafeMutablePointer<AVFilterContext>, UnsafeMutablePointer<AVFilterContext>)?
        do {
            made = try Self.build(graph, lines: lines, style: style, width: width, height: height)
        } catch {
            avfilter_graph_free(&self.graph)
            throw error
        }
        guard let (source, sink) = made else { throw MediaError("cannot make the text filter", at: style.font, failure: .failed) }
        self.source = source
        self.sink = sink
    }

    deinit {
        avfilter_graph_free(&graph)
    }

    /// A new picture: `frame` (of this overlay's size, YUV 4:2:0) with the text drawn on it.
    public func draw(on frame: DecodedFrame) throws(MediaError) -> DecodedFrame {
        let flags = Int32(AV_BUFFERSRC_FLAG_KEEP_REF)
        let added = av_buffersrc_add_frame_flags(source, frame.pointer, flags)
        guard added >= 0 else { throw MediaError(code: added, doing: "cannot draw text", at: "", failure: .failed) }
        let drawn = try DecodedFrame()
        let got = av_buffersink_get_frame(sink, drawn.pointer)
        guard got >= 0 else { throw MediaError(code: got, doing: "cannot draw text", at: "", failure: .failed) }
        return drawn
    }

    private static func build(_ graph: UnsafeMutablePointer<AVFilterGraph>, lines: [String], style: Style, width: Int,
                              height: Int) throws(MediaError) -> (UnsafeMutablePointer<AVFilterContext>, UnsafeMutablePointer<AVFilterContext>) {
        let usesFile = style.font.contains("/")
        if usesFile {
            var info = stat()
            guard stat(style.font, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                throw MediaError("font: not a readable font file", at: style.font, failure: .missingInput)
            }
        }
        var source: UnsafeMutablePointer<AVFilterContext>?
        let arguments = "video_size=\(width)x\(height):pix_fmt=\(AV_PIX_FMT_YUV420P.rawValue):time_base=1/90000:pixel_aspect=1/1"
        var code = avfilter_graph_create_filter(&source, avfilter_get_by_name("buffer"), "in", arguments, nil, graph)
        guard code >= 0, let source else { throw MediaError(code: code, doing: "cannot make the text filter", at: "", failure: .failed) }
        var sink: UnsafeMutablePointer<AVFilterContext>?
        code = avfilter_graph_create_filter(&sink, avfilter_get_by_name("buffersink"), "out", nil, nil, graph)
        guard code >= 0, let sink else { throw MediaError(code: code, doing: "cannot make the text filter", at: "", failure: .failed) }
        guard let drawtext = avfilter_get_by_name("drawtext") else {
            throw MediaError("this libavfilter has no drawtext (built without FreeType)", at: "", failure: .unavailable)
        }
        let shown = lines.map { String(decoding: Array($0.utf8.prefix(maximumLineLength)), as: UTF8.self) }
            .map { $0.filter { !$0.isNewline } }.filter { !$0.isEmpty }
        let scale = Double(height) / 720
        let sizes = shown.indices.map { max(6, Int((style.size * scale * ($0 == 0 ? 1 : 0.7)).rounded())) }
        let steps = sizes.map { Int((Double($0) * 1.45).rounded()) }
        let margin = Int((Double(height) * 0.05).rounded())
        let block = steps.reduce(0, +)
        var previous = source
        for (index, line) in shown.enumerated() {
            guard let context = avfilter_graph_alloc_filter(graph, drawtext, "text\(index)") else {
                throw MediaError("out of memory for a filter", at: "", failure: .failed)
            }
            let above = steps.prefix(index).reduce(0, +)
            let top: String
            switch style.position {
            case .topLeft, .topRight: top = String(margin + above)
            case .bottomLeft, .bottomRight: top = "h-\(margin + block - above)"
            case .center: top = "(h-\(block))/2+\(above)"
            }
            let left: String
            switch style.position {
            case .topLeft, .bottomLeft: left = String(margin)
            case .topRight, .bottomRight: left = "w-tw-\(margin)"
            case .center: left = "(w-tw)/2"
            }
            let options: [(String, String)] = [
                (usesFile ? "fontfile" : "font", style.font), ("text", line), ("expansion", "none"),
                ("fontsize", String(sizes[index])), ("fontcolor", "white"), ("box", "1"), ("boxcolor", "black@0.6"),
                ("boxborderw", String(max(2, sizes[index] / 4))), ("x", left), ("y", top),
            ]
            for (key, value) in options {
                code = av_opt_set(context, key, value, Int32(AV_OPT_SEARCH_CHILDREN))
                guard code >= 0 else { throw MediaError(code: code, doing: "drawtext \(key)", at: "", failure: .failed) }
            }
            code = avfilter_init_str(context, nil)
            guard code >= 0 else {
                throw MediaError(code: code, doing: "cannot load the font", at: style.font, failure: .badInput)
            }
            code = avfilter_link(previous, 0, context, 0)
            guard code >= 0 else { throw MediaError(code: code, doing: "cannot link the text filter", at: "", failure: .failed) }
            previous = context
        }
        code = avfilter_link(previous, 0, sink, 0)
        guard code >= 0 else { throw MediaError(code: code, doing: "cannot link the text filter", at: "", failure: .failed) }
        code = avfilter_graph_config(graph, nil)
        guard code >= 0 else { throw MediaError(code: code, doing: "cannot set up the text filter", at: style.font, failure: .badInput) }
        return (source, sink)
    }
}
