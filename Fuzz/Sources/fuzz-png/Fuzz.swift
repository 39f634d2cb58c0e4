import FuzzDriver
import ReelVision

/// The fuzz target: libFuzzer drives `test`.
@main
enum FuzzPNG {
    static func main() { runFuzzer(test) }
}

/// libFuzzer's entry: one PNG file (templates, frames of the labelling page, crops). Decoding
/// must never crash, nor inflate or allocate more than the header's checked size allows.
/// (Also libFuzzer's `LLVMFuzzerTestOneInput`, which its runtime links to.)
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = try? PNG.decode(fuzzInput(data, size), source: "fuzz")
    return 0
}
