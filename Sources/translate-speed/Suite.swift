import OmniCore

/// One row of the results.
struct Row {
    enum Group: String {
        /// Our `Translator.translate`, bytes to bytes.
        case translate
        /// Foundation Codable baselines (a).
        case baseline
        /// One stage of the openai → anthropic path, alone.
        case stage
    }

    /// Stable identifier, used to match rows with `--compare`.
    var id: String
    var label: String
    var group: Group
    var measurement: Measurement
}

/// Builds and runs every benchmark, printing progress to stderr.
struct Suite {
    let inputs: Inputs
    var harness: Harness
    /// Run only the rows whose id starts with this (`--only`).
    let only: String?
    let baseline = FoundationBaseline()
    private(set) var rows: [Row] = []

    init(inputs: Inputs, harness: Harness, only: String? = nil) {
        self.inputs = inputs
        self.harness = harness
        self.only = only
    }

    /// The 16 directions, openai → anthropic first.
    static var directions: [(WireFormat, WireFormat)] {
        var all: [(WireFormat, WireFormat)] = [(.openai, .anthropic)]
        for source in WireFormat.allCases {
            for target in WireFormat.allCases where !(source == .openai && target == .anthropic) {
                all.append((source, target))
            }
        }
        return all
    }

    static func translateID(_ source: WireFormat, _ target: WireFormat) -> String {
        "translate/\(source.rawValue)/\(target.rawValue)"
    }

    mutating func runAll() throws {
        for (source, target) in Self.directions {
            let body = inputs.bodies[source]!
            let model = Inputs.model(for: target)
            try run(Self.translateID(source, target), "\(source.rawValue) → \(target.rawValue)", .translate) {
                try Translator.translate(body, kind: .request, from: source, to: target, model: model).count
            }
        }
        try runBaselines()
        try runStages()
    }

    private mutating func runBaselines() throws {
        let openai = inputs.openai
        let model = Inputs.model(for: .anthropic)
        let baseline = self.baseline
        try run("baseline/foundation-translate", "(a) Foundation: JSONDecoder → OpenAI structs → map → Anthropic structs → JSONEncoder", .baseline) {
            try baseline.translate(openai, model: model).count
        }
        try run("baseline/foundation-roundtrip", "(a') Foundation: JSONDecoder → OpenAI structs → JSONEncoder (same format)", .baseline) {
            try baseline.roundTrip(openai).count
        }
    }

    private mutating func runStages() throws {
        let openai = inputs.openai
        let model = Inputs.model(for: .anthropic)
        let json = try JSONParser.parse(openai)
        var ir = try Translator.decodeRequest(json, from: .openai)
        ir.model = model
        let anthropicJSON = try Translator.encodeRequest(ir, to: .anthropic)
        let baseline = self.baseline
        let typed = try baseline.decodeOpenAI(openai)
        let mapped = try baseline.map(typed, model: model)

        try run("stage/parse-openai", "ours: JSONParser.parse (openai, \(openai.count) B)", .stage) {
            try JSONParser.parse(openai).objectValue?.count ?? 0
        }
        try run("stage/decode-ir", "ours: Translator.decodeRequest (openai JSON → IR)", .stage) {
            try Translator.decodeRequest(json, from: .openai).messages.count
        }
        try run("stage/encode-ir", "ours: Translator.encodeRequest (IR → anthropic JSON)", .stage) {
            try Translator.encodeRequest(ir, to: .anthropic).objectValue?.count ?? 0
        }
        try run("stage/write-anthropic", "ours: JSONWriter.encode (anthropic JSON)", .stage) {
            JSONWriter.encode(anthropicJSON, capacity: openai.count + openai.count / 4).count
        }
        try run("stage/write-openai", "ours: JSONWriter.encode (openai JSON, \(openai.count) B)", .stage) {
            JSONWriter.encode(json, capacity: openai.count + openai.count / 4).count
        }
        try run("stage/foundation-decode", "(a) JSONDecoder → OpenAIChatRequest", .stage) {
            try baseline.decodeOpenAI(openai).messages.count
        }
        try run("stage/foundation-map", "(a) map OpenAI → Anthropic structs (arguments via JSONDecoder)", .stage) {
            try baseline.map(typed, model: model).messages.count
        }
        try run("stage/foundation-encode", "(a) JSONEncoder ← AnthropicMessagesRequest", .stage) {
            try baseline.encodeAnthropic(mapped).count
        }
    }

    private mutating func run(_ id: String, _ label: String, _ group: Row.Group, _ body: () throws -> Int) throws {
        if let only, !id.hasPrefix(only) { return }
        printError("  \(label) …")
        let measurement = try harness.measure(label, body)
        rows.append(Row(id: id, label: label, group: group, measurement: measurement))
    }
}
