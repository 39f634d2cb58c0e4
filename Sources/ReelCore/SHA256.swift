import CCrypto

/// SHA-256 through libcrypto.
public enum SHA256 {
    /// The digest of `bytes` as lowercase hexadecimal.
    public static func hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var size: UInt32 = 0
        _ = EVP_Digest(bytes, bytes.count, &digest, &size, EVP_sha256(), nil)
        return digest.prefix(Int(size)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
