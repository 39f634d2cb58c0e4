import CCrypto
import ReelCore

/// AES-128-CBC decryption of HLS segments (`#EXT-X-KEY:METHOD=AES-128`), through libcrypto.
public enum SegmentDecryptor {
    /// Why a segment could not be decrypted.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The IV of a segment: the key's `IV` attribute (`0x` and 32 hex digits), or else its media
    /// sequence number as a 128-bit big-endian integer (RFC 8216, 5.2).
    public static func initializationVector(_ attribute: String?, sequence: Int) throws(Failure) -> [UInt8] {
        guard let attribute else {
            var vector = [UInt8](repeating: 0, count: 16)
            let number = UInt64(bitPattern: Int64(sequence))
            for index in 0..<8 {
                vector[15 - index] = UInt8(truncatingIfNeeded: number >> (8 * UInt64(index)))
            }
            return vector
        }
        var hex = Substring(attribute)
        if hex.hasPrefix("0x") || hex.hasPrefix("0X") {
            hex = hex.dropFirst(2)
        }
        guard hex.count <= 32, hex.allSatisfy(\.isHexDigit) else {
            throw Failure(description: "IV is not a 128-bit hexadecimal number")
        }
        let digits = Array(String(repeating: "0", count: 32 - hex.count) + hex)
        return stride(from: 0, to: 32, by: 2).compactMap { UInt8(String(digits[$0...$0 + 1]), radix: 16) }
    }

    /// Decrypts `cipherText` with a 16-byte `key` and `iv`, removing the PKCS7 padding.
    public static func decrypt(_ cipherText: [UInt8], key: [UInt8], iv: [UInt8]) throws(Failure) -> [UInt8] {
        guard key.count == 16 else {
            throw Failure(description: "key of \(key.count) bytes (AES-128 needs 16)")
        }
        guard iv.count == 16 else {
            throw Failure(description: "IV of \(iv.count) bytes (needs 16)")
        }
        guard !cipherText.isEmpty, cipherText.count % 16 == 0 else {
            throw Failure(description: "\(cipherText.count) bytes is not a whole number of AES blocks")
        }
        guard let context = EVP_CIPHER_CTX_new() else {
            throw Failure(description: "cannot create a cipher context")
        }
        defer { EVP_CIPHER_CTX_free(context) }
        var plain = [UInt8](repeating: 0, count: cipherText.count + 16)
        var written: Int32 = 0
        var final: Int32 = 0
        let ok = plain.withUnsafeMutableBufferPointer { output -> Bool in
            guard let base = output.baseAddress,
                  EVP_DecryptInit_ex(context, EVP_aes_128_cbc(), nil, key, iv) == 1,
                  EVP_DecryptUpdate(context, base, &written, cipherText, Int32(cipherText.count)) == 1
            else { return false }
            return EVP_DecryptFinal_ex(context, base + Int(written), &final) == 1
        }
        guard ok else {
            throw Failure(description: "bad padding after decryption (wrong key or IV?)")
        }
        plain.removeSubrange(Int(written + final)...)
        return plain
    }
}
