/// A rectangle in pixels: left, top, width, height.
public struct PixelBox: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// `[x, y, w, h]`, as records carry boxes.
    public var array: [Int] { [x, y, width, height] }

    public var description: String { "\(x),\(y),\(width),\(height)" }
}
