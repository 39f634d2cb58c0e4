import CCrypto

/// Passwords kept as PBKDF2-HMAC-SHA256 hashes (libcrypto), each with its own random salt.
public struct PasswordHash: Sendable, Equatable {
    /// The KDF's name, as stored.
    public static let kdf = "pbkdf2-sha256"
    /// Iterations for new hashes (OWASP's 2023 advice for PBKDF2-HMAC-SHA256: 600 000).
    public static let defaultIterations = 600_000
    /// The most iterations a stored hash may ask for (a hostile file cannot stall a login for long).
    public static let maximumIterations = 10_000_000

    public let iterations: Int
    public let salt: [UInt8]
    public let hash: [UInt8]

    public init(iterations: Int, salt: [UInt8], hash: [UInt8]) {
        self.iterations = iterations
        self.salt = salt
        self.hash = hash
    }

    /// A new hash of `password` with a fresh 16-byte salt.
    public static func make(_ password: String, iterations: Int = defaultIterations) throws(PasswordError) -> PasswordHash {
        let salt = try randomBytes(16)
        return PasswordHash(iterations: iterations, salt: salt, hash: try derive(password, salt: salt, iterations: iterations))
    }

    /// Whether `password` is the one hashed (compared in constant time).
    public func matches(_ password: String) -> Bool {
        guard (1...Self.maximumIterations).contains(iterations), !salt.isEmpty, hash.count == 32,
              let candidate = try? Self.derive(password, salt: salt, iterations: iterations) else { return false }
        return CRYPTO_memcmp(candidate, hash, 32) == 0
    }

    /// `count` bytes from libcrypto's random generator.
    public static func randomBytes(_ count: Int) throws(PasswordError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else { throw PasswordError("the random generator failed") }
        return bytes
    }

    static func derive(_ password: String, salt: [UInt8], iterations: Int) throws(PasswordError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let secret = Array(password.utf8)
        let done = secret.withUnsafeBufferPointer { passwordBytes in
            passwordBytes.withMemoryRebound(to: CChar.self) { chars in
                PKCS5_PBKDF2_HMAC(chars.baseAddress, Int32(chars.count), salt, Int32(salt.count), Int32(iterations),
                                  EVP_sha256(), 32, &out)
            }
        }
        guard done == 1 else { throw PasswordError("PBKDF2 failed") }
        return out
    }
}

/// A password could not be hashed.
public struct PasswordError: Error, Sendable {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }
}

extension Array where Element == UInt8 {
    /// Lowercase hexadecimal.
    var hex: String { map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }

    /// The bytes of lowercase or uppercase hexadecimal text; nil for anything else.
    init?(hex text: String) {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0, digits.count <= 1024 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self = bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 48...57: digit - 48
        case 97...102: digit - 87
        case 65...70: digit - 55
        default: nil
        }
    }
}
