import FuzzDriver
import ReelCore

/// The fuzz target: libFuzzer drives `test`.
@main
enum FuzzJSON {
    static func main() { runFuzzer(test) }
}

/// libFuzzer's entry: one JSON text, as a record line. Parsing must never crash; what parses
/// must serialize and parse again to the same bytes, and a record must pass through unchanged.
/// (Also libFuzzer's `LLVMFuzzerTestOneInput`, which its runtime links to.)
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    guard let value = try? JSONParser.parse(bytes) else { return 0 }
    let written = value.serialized()
    guard let again = try? JSONParser.parse(written), again.serialized() == written else {
        fatalError("a parsed value does not round-trip")
    }
    if case .object = value, let record = try? Record.parse(line: bytes) {
        guard record.serialized() == bytes else { fatalError("a record did not pass through unchanged") }
        // The checked accessors every tool reads numbers with: never a trap.
        for member in record.object {
            _ = try? member.value.seconds(member.key)
            _ = try? member.value.integer(member.key, in: 0...Int.max)
            _ = member.value.intValue
        }
    }
    return 0
}
