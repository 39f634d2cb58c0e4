/// hook-post's entry point, the one name this module offers its executable and ReelTool.
package enum ToolMain {
    /// Parses the process's arguments, runs hook-post and ends the process with its exit status.
    package static func run() {
        HookPost.main()
    }
}
