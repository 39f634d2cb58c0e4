/// frame-sample's entry point, the one name this module offers its executable and ReelTool.
package enum ToolMain {
    /// Parses the process's arguments, runs frame-sample and ends the process with its exit status.
    package static func run() {
        FrameSample.main()
    }
}
