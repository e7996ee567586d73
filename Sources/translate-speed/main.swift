import Foundation
import OmniCore

// translate-speed: our Translator.translate vs Foundation Codable, release build.
// Run it through scripts/bench-translate.sh (pins to one core, checks the goals).

func runBenchmark() -> Int32 {
    if CommandLine.arguments.contains("--streams") {
        do { return try StreamSpeed.run(runs: 7, minSeconds: 0.3) } catch {
            printError("translate-speed: \(error)")
            return 2
        }
    }
    let options: Options
    do { options = try Options.parse(Array(CommandLine.arguments.dropFirst())) } catch {
        if error.isHelp { print(error.description); return 0 }
        printError(error.description)
        return 2
    }
    do {
        let inputs = try Inputs.load(path: options.inputPath)
        if !inputs.sizeIsExpected {
            printError("warning: \(inputs.path) is \(inputs.openai.count) B, not 3.8–4.4 KB")
        }
        var suite = Suite(inputs: inputs, harness: Harness(runs: options.runs, minSeconds: options.minSeconds),
                          only: options.only)
        if let difference = try Inputs.compareBaseline(inputs, baseline: suite.baseline) {
            printError("warning: baseline (a) output differs from ours: \(difference)")
        }
        let earlier = try options.comparePath.map(ResultsFile.medians(path:))
        try suite.runAll()

        print(Report(options: options, inputs: inputs, rows: suite.rows, earlier: earlier).render())
        let goals = Goal.evaluate(rows: suite.rows, inputs: inputs, minRequestsPerSecond: options.minRequestsPerSecond)
        print("\nGoals:")
        for goal in goals { print("  [\(goal.met ? "ok" : "FAIL")] \(goal.description)") }
        print("checksum \(suite.harness.checksum)")
        if let path = options.jsonPath {
            let data = ResultsFile.encode(options: options, inputs: inputs, rows: suite.rows, goals: goals,
                                          checksum: suite.harness.checksum)
            try Data(data).write(to: URL(fileURLWithPath: path))
            print("results written to \(path)")
        }
        return options.check && goals.contains(where: { !$0.met }) ? 1 : 0
    } catch {
        printError("translate-speed: \(error)")
        return 2
    }
}

exit(runBenchmark())
