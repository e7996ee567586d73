import OmniCore
import Yams

/// A provider id is the prefix of model names (`glm` in `glm/glm-4.7`), so it cannot hold a `/`.
enum ProviderID {
    static func read(_ located: Located, reader: NodeReader) throws -> String {
        let id = try reader.nonEmptyString(located)
        guard !id.contains("/"), !id.contains(where: \.isWhitespace) else {
            throw reader.error(at: located, "a provider id is the prefix in model names (id/model), so it may not contain \"/\" or spaces; found \(Node.quoted(id))")
        }
        return id
    }
}

/// An upstream base URL as the vendor's SDK writes it (DESIGN.md, "Base URLs").
enum BaseURL {
    static func read(_ located: Located, reader: NodeReader) throws -> String {
        let url = try reader.nonEmptyString(located)
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"),
              url.split(separator: "/", omittingEmptySubsequences: true).count >= 2 else {
            throw reader.error(at: located, "expected an http:// or https:// URL such as https://api.openai.com/v1, found \(Node.quoted(url))")
        }
        // The request path is appended to the base; a trailing slash would double it.
        guard !url.hasSuffix("/") else {
            throw reader.error(at: located, "write the base URL without a trailing \"/\" (paths such as /chat/completions are appended to it), found \(Node.quoted(url))")
        }
        return url
    }
}

/// `models:` of a catalog or config provider: each a model id, or `{id, price}`.
enum ModelListReader {
    static func read(_ located: Located, reader: NodeReader) throws -> [CatalogModel] {
        var models: [CatalogModel] = []
        var seen: [String: Int] = [:]
        for (index, item) in try reader.list(located, what: "a list of models").enumerated() {
            let (model, idAt) = try readModel(item, reader: reader)
            if let first = seen[model.id] {
                throw reader.error(at: idAt, "duplicate model \"\(model.id)\" (first at \(located.elementPath(first)))")
            }
            seen[model.id] = index
            models.append(model)
        }
        return models
    }

    private static func readModel(_ item: Located, reader: NodeReader) throws -> (CatalogModel, Located) {
        if case .scalar = item.node { return (CatalogModel(id: try reader.nonEmptyString(item)), item) }
        let fields = try reader.fields(item, allowed: ["id", "price"], what: "a model id, or a mapping with id and price")
        guard let idAt = fields["id"] else { throw reader.error(at: item, "a model needs \"id\"") }
        var model = CatalogModel(id: try reader.nonEmptyString(idAt))
        if let price = fields["price"] { model.price = try readPrice(price, reader: reader) }
        return (model, idAt)
    }

    /// US dollars per 1 M tokens; `asOf` says when the vendor's page said so.
    static func readPrice(_ located: Located, reader: NodeReader) throws -> ModelPrice {
        let fields = try reader.fields(located, allowed: ["input", "cachedInput", "output", "asOf"],
                                       what: "a price (a mapping with input, cachedInput, output, asOf)")
        guard let input = fields["input"] else { throw reader.error(at: located, "a price needs \"input\" (US dollars per 1 M input tokens)") }
        guard let output = fields["output"] else { throw reader.error(at: located, "a price needs \"output\" (US dollars per 1 M output tokens)") }
        var price = ModelPrice(input: try reader.nonNegativeNumber(input), output: try reader.nonNegativeNumber(output))
        if let cached = fields["cachedInput"] { price.cachedInput = try reader.nonNegativeNumber(cached) }
        if let asOf = fields["asOf"] { price.asOf = try readDate(asOf, reader: reader) }
        return price
    }

    /// `YYYY-MM-DD`, a real calendar day.
    static func readDate(_ located: Located, reader: NodeReader) throws -> String {
        let text = try reader.string(located)
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1, day <= CivilTime.daysInMonth(year: year, month: month) else {
            throw reader.expected("a date written YYYY-MM-DD", at: located)
        }
        return text
    }
}
