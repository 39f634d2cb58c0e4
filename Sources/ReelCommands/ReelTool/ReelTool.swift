import BusLeaseTool
import ClipBinTool
import ClipCutTool
import ClipFindTool
import ClipReviewTool
import CompileClipsTool
import DigitClassifyTool
import EventDetectTool
import FrameSampleTool
import HLSFetchTool
import HookPostTool
import OCRFrameTool
import RecordsPubTool
import SkullFindTool

/// The reel tools, by name, and a way to run any of them in process (`ReelTool.frameSample.main()`).
///
/// Each tool's command (options, validation, what a run does) is a module of its own, a folder
/// of Sources/ReelCommands (frame-sample's is FrameSampleTool), so that its executable links
/// only the libraries it uses; this one names them all, for tests and tools that list them.
public enum ReelTool: String, CaseIterable, Sendable {
    case frameSample = "frame-sample"
    case ocrFrame = "ocr-frame"
    case skullFind = "skull-find"
    case digitClassify = "digit-classify"
    case eventDetect = "event-detect"
    case clipCut = "clip-cut"
    case compileClips = "compile-clips"
    case hlsFetch = "hls-fetch"
    case clipFind = "clip-find"
    case clipBin = "clip-bin"
    case clipReview = "clip-review"
    case hookPost = "hook-post"
    case recordsPub = "records-pub"
    case busLease = "bus-lease"

    /// Parses the process's arguments and runs the tool; ends the process with its exit status.
    public func main() {
        switch self {
        case .frameSample: FrameSampleTool.ToolMain.run()
        case .ocrFrame: OCRFrameTool.ToolMain.run()
        case .skullFind: SkullFindTool.ToolMain.run()
        case .digitClassify: DigitClassifyTool.ToolMain.run()
        case .eventDetect: EventDetectTool.ToolMain.run()
        case .clipCut: ClipCutTool.ToolMain.run()
        case .compileClips: CompileClipsTool.ToolMain.run()
        case .hlsFetch: HLSFetchTool.ToolMain.run()
        case .clipFind: ClipFindTool.ToolMain.run()
        case .clipBin: ClipBinTool.ToolMain.run()
        case .clipReview: ClipReviewTool.ToolMain.run()
        case .hookPost: HookPostTool.ToolMain.run()
        case .recordsPub: RecordsPubTool.ToolMain.run()
        case .busLease: BusLeaseTool.ToolMain.run()
        }
    }
}
