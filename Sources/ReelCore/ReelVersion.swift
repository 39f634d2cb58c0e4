/// reel's version: one for every tool and script (`--version`) and the manual pages' footers.
public enum ReelVersion {
    /// The version, as `--version` prints it.
    public static let string = "0.2.0"
}
