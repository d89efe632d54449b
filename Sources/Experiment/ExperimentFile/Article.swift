/// English articles for the nouns messages are built from (step kinds, TOML types).
enum Article {
    /// `noun` with "a" or "an" before it, by its first letter: "an io step", "a cpu step".
    static func indefinite(_ noun: String) -> String {
        guard let first = noun.first?.lowercased().first, "aeiou".contains(first) else { return "a \(noun)" }
        return "an \(noun)"
    }
}
