import FuzzDriver
import ReelVision

/// The fuzz target: libFuzzer drives `test`.
@main
enum FuzzWeights {
    static func main() { runFuzzer(test) }
}

/// libFuzzer's entry: one network weights file (`digit-classify train`'s). Reading must never
/// crash nor allocate on the header's word.
/// (Also libFuzzer's `LLVMFuzzerTestOneInput`, which its runtime links to.)
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = try? CNNWeights(fileBytes: fuzzInput(data, size), source: "fuzz")
    return 0
}
