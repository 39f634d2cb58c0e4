import Foundation
import ReelCore
import ReelHUD

extension Evaluate {
    /// Reads the counter in frame records and compares it with labels, frame by frame.
    func evaluateFrames(labels path: String, run: ToolRun) throws {
        let truth = try CounterLabels(path: path, run: run)
        let counter = try counterOptions.counter()
        let reader = CounterReader(region: counter.region, cutter: DigitCutter(counter: counter),
                                   weights: try Weights.load(counter.model))
        var shown = 0, right = 0, wrong = 0, unread = 0, hidden = 0, invented = 0, unlabelled = 0
        var mistakes: [String: Int] = [:]
        var window = FrameWindow(size: 3)
        func judge(_ record: Record, _ neighbours: [Record]) {
            guard record.type == "frame", let t = record.frameTime, t >= from ?? 0 else { return }
            guard let value = truth.value(at: t, source: record["source"]?.stringValue) else {
                unlabelled += 1
                return
            }
            let read = FrameRecord(unchecked: reader.annotate(record, neighbours: neighbours).0).killCount
            switch value {
            case .count(let number):
                shown += 1
                if read == number {
                    right += 1
                } else if let read {
                    wrong += 1
                    mistakes["\(number) read \(read)", default: 0] += 1
                } else {
                    unread += 1
                }
            case .hidden, .numbers:
                hidden += 1
                if read != nil { invented += 1 }
            }
        }
        try run.forEachRecord(in: inputs) { record in
            for (frame, neighbours) in window.add(record) { judge(frame, neighbours) }
        }
        for (frame, neighbours) in window.finish() { judge(frame, neighbours) }
        func percent(_ part: Int, _ whole: Int) -> String { String(format: "%.2f%%", 100 * Double(part) / Double(max(1, whole))) }
        print("frames showing a count: \(shown): read right \(right) (\(percent(right, shown))), wrong \(wrong), unread \(unread)")
        print("frames showing none: \(hidden): a count read in \(invented)")
        if unlabelled > 0 { print("frames before the first label: \(unlabelled) (left out)") }
        if !mistakes.isEmpty {
            print("mistakes: " + mistakes.sorted { $0.value > $1.value }.prefix(10).map { "\($0.key) (\($0.value))" }.joined(separator: ", "))
        }
    }
}
