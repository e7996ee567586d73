/// HTTP header fields as the adapters pass them: in order, names compared without case.
/// The engine reads a handful (`retry-after`, `x-ratelimit-reset*`, idempotency keys) and
/// writes the upstream request's; a list beats a dictionary at these sizes.
public struct HeaderFields: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) { (self.name, self.value) = (name, value) }
    }

    public private(set) var fields: [Field]

    public init(_ fields: [Field] = []) { self.fields = fields }
    /// An empty list with room for `capacity` fields.
    public init(capacity: Int) {
        fields = []
        fields.reserveCapacity(capacity)
    }
    public init(dictionaryLiteral elements: (String, String)...) { fields = elements.map { Field(name: $0.0, value: $0.1) } }

    /// The first value of `name` (any case).
    public subscript(name: String) -> String? {
        for i in fields.indices where ASCIICase.equal(fields[i].name, name) { return fields[i].value }
        return nil
    }

    public mutating func append(_ name: String, _ value: String) { fields.append(Field(name: name, value: value)) }

    public var isEmpty: Bool { fields.isEmpty }
    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
}
