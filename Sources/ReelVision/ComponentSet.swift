/// A set of the components of one `ConnectedComponents`, by label: membership is an array
/// lookup, for the loops over every pixel that ask whether its label is in the set.
public struct ComponentSet: Sendable {
    private var members: [Bool]

    /// The components of `components` for which `include` holds.
    public init(_ components: ConnectedComponents, where include: (Component) -> Bool) {
        members = [Bool](repeating: false, count: components.components.count + 1)
        for component in components.components where include(component) {
            members[component.label] = true
        }
    }

    /// Whether no component is in the set.
    public var isEmpty: Bool { !members.contains(true) }

    /// Adds the component labelled `label`.
    public mutating func insert(_ label: Int) {
        guard label > 0, label < members.count else { return }
        members[label] = true
    }

    /// Whether the pixel label `label` (0 for background) names a component of the set.
    @inline(__always)
    public func contains(_ label: Int32) -> Bool {
        let index = Int(label)
        return index > 0 && index < members.count && members[index]
    }
}
