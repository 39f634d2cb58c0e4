import FuzzDriver
import ReelHUD

/// The fuzz target: libFuzzer drives `test`.
@main
enum FuzzDataset {
    static func main() { runFuzzer(test) }
}

/// libFuzzer's entry: one digit dataset file (`digit-classify dataset`'s). Reading must never
/// crash nor allocate on the header's word.
/// (Also libFuzzer's `LLVMFuzzerTestOneInput`, which its runtime links to.)
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = try? DigitDataset(fileBytes: fuzzInput(data, size), source: "fuzz")
    return 0
}
