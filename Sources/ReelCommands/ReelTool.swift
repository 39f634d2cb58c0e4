/// The reel tools, by name: each executable's entry point runs one (`ReelTool.frameSample.main()`).
///
/// The tools' commands (options, validation, what a run does) live in this library, a folder
/// per tool, so that tests can reach them in process and an executable is its entry point.
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
        case .frameSample: FrameSample.main()
        case .ocrFrame: OCRFrame.main()
        case .skullFind: SkullFind.main()
        case .digitClassify: DigitClassify.main()
        case .eventDetect: EventDetect.main()
        case .clipCut: ClipCut.main()
        case .compileClips: CompileClips.main()
        case .hlsFetch: HLSFetch.main()
        case .clipFind: ClipFind.main()
        case .clipBin: ClipBinCommand.main()
        case .clipReview: ClipReview.main()
        case .hookPost: HookPost.main()
        case .recordsPub: RecordsPub.main()
        case .busLease: BusLeaseCommand.main()
        }
    }
}
