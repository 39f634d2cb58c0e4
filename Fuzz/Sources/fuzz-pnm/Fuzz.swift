import FuzzDriver
import ReelVision

/// The fuzz target: libFuzzer drives `test`.
@main
enum FuzzPNM {
    static func main() { runFuzzer(test) }
}

/// libFuzzer's entry: one PGM or PPM file. Decoding must never crash nor allocate what the
/// header claims before the bytes are there.
/// (Also libFuzzer's `LLVMFuzzerTestOneInput`, which its runtime links to.)
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    guard let (magic, width, height, samples) = try? PNM.decode(bytes, source: "fuzz") else { return 0 }
    if magic == "P6" {
        _ = RGBImage(width: width, height: height, pixels: samples).gray
    } else {
        _ = GrayImage(width: width, height: height, pixels: samples)
    }
    return 0
}
