/// clip-review's entry point, the one name this module offers its executable and ReelTool.
package enum ToolMain {
    /// Parses the process's arguments, runs clip-review and ends the process with its exit status.
    package static func run() {
        ClipReview.main()
    }
}
