import Foundation
import Glibc
import ReelCore
import ReelTestSupport
import Testing

/// Outputs never follow a symbolic link that is already there, create their temporaries
/// exclusively, and never replace anything but a regular file: devices and FIFOs are written
/// straight to.
@Suite struct AtomicFileTargetTests {
    @Test func aPlantedLinkIsNeitherFollowedNorReplaced() throws {
        let folder = try TemporaryDirectory()
        let victim = folder.file("victim.txt")
        try "VICTIM".write(toFile: victim, atomically: true, encoding: .utf8)
        let link = folder.file("out.txt")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
        let error = #expect(throws: ToolError.self) { try AtomicFile.write(Array("new".utf8), to: link) }
        #expect(error?.description == "\(link): is a symbolic link: not written through nor replaced")
        #expect(error?.failure == .ioFailed)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "VICTIM")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == victim)
    }

    @Test func temporariesAreCreatedExclusivelyBesideAPlantedOne() throws {
        let folder = try TemporaryDirectory()
        let victim = folder.file("victim.txt")
        try "VICTIM".write(toFile: victim, atomically: true, encoding: .utf8)
        // A link planted where the temporary would go is not opened: another name is taken.
        try FileManager.default.createSymbolicLink(atPath: folder.file(".out.txt.part-\(getpid())"), withDestinationPath: victim)
        try AtomicFile.write(Array("new".utf8), to: folder.file("out.txt"))
        #expect(try String(contentsOfFile: folder.file("out.txt"), encoding: .utf8) == "new")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "VICTIM")
        var info = stat()
        #expect(lstat(folder.file("out.txt"), &info) == 0 && info.st_mode & S_IFMT == S_IFREG)
    }

    @Test func aFIFOIsWrittenStraightTo() throws {
        let folder = try TemporaryDirectory()
        let fifo = folder.file("pipe")
        #expect(mkfifo(fifo, 0o644) == 0)
        let received = Received()
        let done = DispatchSemaphore(value: 0)
        Thread {
            received.set(FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile())
            done.signal()
        }.start()
        try AtomicFile.write(Array("through the pipe".utf8), to: fifo)
        done.wait()
        #expect(received.get() == Data("through the pipe".utf8))
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "still a FIFO")
    }

    /// Makes a private null device (makedev(1, 3)) at `path`: true when this process may.
    static func makeNullDevice(at path: String) -> Bool {
        mknod(path, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0
    }

    /// Whether this process may make devices (root with CAP_MKNOD): skipped, not passed, without.
    static var canMakeDevices: Bool {
        guard let folder = try? TemporaryDirectory() else { return false }
        return makeNullDevice(at: folder.file("probe"))
    }

    @Test(.enabled(if: canMakeDevices, "making a device needs root"))
    func aCharacterDeviceIsWrittenStraightToAndStaysOne() throws {
        let folder = try TemporaryDirectory()
        let null = folder.file("null")
        try #require(Self.makeNullDevice(at: null))
        try AtomicFile.write(Array("gone".utf8), to: null)
        var info = stat()
        #expect(lstat(null, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR, "still a character device")
        #expect(try AtomicFile.target(of: null) == .stream)
    }

    @Test func foldersAndOtherKindsAreRefused() throws {
        let folder = try TemporaryDirectory()
        #expect(throws: ToolError.self) { try AtomicFile.write([1], to: folder.path) }
        #expect(try AtomicFile.target(of: "-") == .standardOutput)
        #expect(try AtomicFile.target(of: folder.file("new")) == .absent)
    }

    @Test func partialFilesAreNeverWrittenThroughALink() throws {
        let folder = try TemporaryDirectory()
        let victim = folder.file("victim.txt")
        try "VICTIM".write(toFile: victim, atomically: true, encoding: .utf8)
        let link = folder.file(".seg.part")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
        #expect(throws: ToolError.self) { try AtomicFile.openForUpdate(link) }
        #expect(AtomicFile.createExclusively(link) < 0 && errno == EEXIST)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "VICTIM")
    }
}

/// What a reader thread received.
private final class Received: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?

    func set(_ value: Data?) { lock.withLock { data = value } }
    func get() -> Data? { lock.withLock { data } }
}
