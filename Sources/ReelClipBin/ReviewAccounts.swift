import Glibc
import ReelCore

/// The editors of a bin: `users.ndjson` in the bin (mode 0600), one account a line,
/// `{"type":"user","name":...,"kdf":"pbkdf2-sha256","iterations":...,"salt":HEX,"hash":HEX}`.
/// Passwords are never stored, only their hashes; changes are made under the bin's lock.
public struct ReviewAccounts: Sendable {
    public let bin: ClipBin

    public init(bin: ClipBin) {
        self.bin = bin
    }

    public var path: String { bin.folder + "/users.ndjson" }

    /// Whether `name` can name an editor: 1 to 64 letters, digits, `.`, `_`, `-` or `@`.
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_@".contains($0)) }
    }

    /// Adds `name` with `password`'s hash, or replaces its hash (`replace`); returns whether
    /// the account is new.
    @discardableResult
    public func set(_ name: String, password: String, replace: Bool, iterations: Int = PasswordHash.defaultIterations) throws -> Bool {
        guard Self.isValidName(name) else {
            throw ToolError("not a user name (1 to 64 letters, digits, '.', '_', '-', '@')", at: name, failure: .badUsage)
        }
        guard password.utf8.count >= 8, password.utf8.count <= 1024 else {
            throw ToolError("a password is 8 to 1024 bytes", at: "user \(name)", failure: .badUsage)
        }
        let hash: PasswordHash
        do {
            hash = try PasswordHash.make(password, iterations: iterations)
        } catch {
            throw ToolError(error.reason, at: "user \(name)", failure: .failed)
        }
        return try bin.locked { () throws -> Bool in
            var users = try load()
            let existed = users[name] != nil
            if existed && !replace {
                throw ToolError("is there already (--replace changes the password)", at: "user \(name)", failure: .badInput)
            }
            users[name] = hash
            try write(users)
            return !existed
        }
    }

    /// The editor `name` if `password` is theirs.
    public func verify(_ name: String, password: String) throws -> Bool {
        guard Self.isValidName(name), password.utf8.count <= 1024 else { return false }
        let users = try bin.locked { () throws -> [String: PasswordHash] in try load() }
        return users[name]?.matches(password) ?? false
    }

    /// The editors' names.
    public func names() throws -> [String] {
        try bin.locked { () throws -> [String] in try load().keys.sorted() }
    }

    private func load() throws -> [String: PasswordHash] {
        guard access(path, F_OK) == 0 else { return [:] }
        var users: [String: PasswordHash] = [:]
        for (number, line) in try AtomicFile.read(path, limit: 16 << 20).split(separator: 10).enumerated() {
            let place = "\(path):\(number + 1)"
            guard let record = try? Record.parse(line: line), let user = UserRecord(record),
                  let name = user.name, Self.isValidName(name),
                  user.kdf == PasswordHash.kdf,
                  let iterations = user.iterations, iterations >= 1,
                  iterations <= Double(PasswordHash.maximumIterations),
                  let salt = user.salt.flatMap([UInt8].init(hex:)), !salt.isEmpty,
                  let hash = user.hash.flatMap([UInt8].init(hex:)), hash.count == 32 else {
                throw ToolError("not a user record of \(PasswordHash.kdf) (the file is left as it is)", at: place, failure: .badInput)
            }
            users[name] = PasswordHash(iterations: Int(iterations), salt: salt, hash: hash)
        }
        return users
    }

    private func write(_ users: [String: PasswordHash]) throws {
        var bytes: [UInt8] = []
        for (name, hash) in users.sorted(by: { $0.key < $1.key }) {
            let user = UserRecord(name: name, kdf: PasswordHash.kdf, iterations: hash.iterations, salt: hash.salt.hex,
                                  hash: hash.hash.hex)
            bytes += user.record.serialized() + [10]
        }
        try AtomicFile.write(bytes, to: path, durable: true, mode: 0o600)
    }
}
