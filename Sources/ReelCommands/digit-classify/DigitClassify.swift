import ArgumentParser
import ReelCore

struct DigitClassify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digit-classify",
        abstract: "Read the kill count right of the skull with a small CNN; label frames, make datasets, train and evaluate it.",
        discussion: """
            Without a subcommand (or with `classify`): reads `frame` records that carry `skull` \
            (from skull-find), cuts the digits right of it in the HUD crop (colour crops read red \
            digits; gray ones only white), and adds `kills: {value, digits, conf}` or `kills: null` \
            with `kills_reason`. `label` writes a page to label frames and cut the icon; \
            `dataset`, `train` and `evaluate` make, train and measure a network. See digit-classify(1).

            Exit status: 0 ok, 1 failure, 64 usage, 65 bad input (malformed lines, missing images, \
            bad datasets or weights), 66 a missing input file, 74 output error.
            """,
        version: ReelVersion.string,
        subcommands: [Classify.self, Dataset.self, Train.self, Evaluate.self, Label.self],
        defaultSubcommand: Classify.self)
}
