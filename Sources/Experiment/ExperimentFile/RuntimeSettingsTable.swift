import ExecutorModel

/// The README's rows for `[runtime]` and `[runtime.costs]`, rendered from ``RuntimeSetting`` so the documented keys,
/// ranges and defaults are the ones parsing and validation use (a test keeps the README equal to this).
public enum RuntimeSettingsTable {
    /// One Markdown row per setting: key, allowed values and meaning, default (simexec's, for `multi_thread`).
    public static func rows(isCost: Bool) -> String {
        let defaults = RuntimeConfiguration(flavor: .multiThread)
        let currentThread = RuntimeConfiguration(flavor: .currentThread)
        return RuntimeSetting.allCases.filter { $0.isCost == isCost }.map { setting in
            var text = setting.isCost ? "" : domain(setting.domain)
            if !setting.meaning.isEmpty { text += text.isEmpty ? setting.meaning : ": " + setting.meaning }
            var defaultText = value(setting.value(in: defaults))
            if setting.value(in: currentThread) != setting.value(in: defaults), setting != .workers {
                defaultText += " (\(value(setting.value(in: currentThread))) for `current_thread`)"
            }
            return "| `\(setting.rawValue)` | \(text) | \(defaultText) |"
        }.joined(separator: "\n") + "\n"
    }

    private static func domain(_ domain: RuntimeSetting.Domain) -> String {
        switch domain {
        case let .integer(range): "integer \(range.lowerBound)–\(range.upperBound)"
        case let .optionalInteger(range): "integer \(range.lowerBound)–\(range.upperBound), or left out"
        case let .duration(allowsZero): allowsZero ? "duration ≥ 0" : "duration > 0"
        case .optionalDuration: "duration > 0, or `false` (off)"
        case .boolean: "`true` or `false`"
        }
    }

    private static func value(_ value: RuntimeSetting.Value) -> String {
        switch value {
        case let .integer(number): "`\(number)`"
        case let .duration(nanoseconds): "`\"\(DurationSyntax.format(Double(nanoseconds)))\"`"
        case let .boolean(on): "`\(on)`"
        case .unset: "left out"
        }
    }
}
