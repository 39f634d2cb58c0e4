import ReelCore

extension ClipBin {
    /// Copies the file of a clip cut by clip-cut (`source`, a regular file) into the bin as
    /// clip `id`'s file and marks the clip `downloaded`; returns the entry. The file is copied
    /// outside the lock (other runs go on) and into place atomically; the clip must be in the
    /// ledger already (`ClipLedger.add`).
    public func importFile(_ source: String, as id: String) throws -> Record? {
        let name = source.split(separator: "/").last.map(String.init) ?? source
        let ext = name.contains(".") ? String(name.split(separator: ".").last ?? "") : ""
        let file = Self.file(of: id, ext: ext)
        try AtomicFile.makeFolders(folder + "/clips")
        let bytes = try AtomicFile.copy(from: source, to: folder + "/" + file)
        return try update { ledger in ledger.set(id, to: .downloaded, file: file, bytes: bytes) }
    }
}
