using System.Text.RegularExpressions;

namespace Microfactory.Network;

/// <summary>
/// Process capabilities ("cnc", "additive", "fdm-printing"): one rule for designs, site definitions and the agent's
/// hello, so a name written in one place matches the same name in the others. The vocabulary is the network's own:
/// any token that follows the rule; a design needing one no cell has is unroutable and says so.
/// </summary>
public static partial class Capabilities
{
    public const int MaxLength = 32;

    public const string Rule = "1 to 32 characters: lowercase letters, digits and '-', starting with a letter or digit (upper case is taken as lower case)";

    /// <summary>The capability as compared everywhere: trimmed and lower case.</summary>
    public static string Normalize(string capability) => capability.Trim().ToLowerInvariant();

    public static bool IsValid(string capability) => TokenPattern().IsMatch(capability);

    /// <summary>
    /// The normalised, distinct, ordered capabilities, or a <see cref="DomainValidationException"/> on
    /// <paramref name="field"/> naming every one that breaks the rule, or when there are none.
    /// </summary>
    public static List<string> Ensure(IReadOnlyList<string>? capabilities, string field, string whose)
    {
        var list = (capabilities ?? []).Select(Normalize).Distinct().Order(StringComparer.Ordinal).ToList();
        if (list.Count == 0)
        {
            throw new DomainValidationException(field, $"A {whose} needs at least one capability (for example cnc, additive, assembly).");
        }

        var invalid = list.Where(c => !IsValid(c)).ToList();
        return invalid.Count == 0
            ? list
            : throw new DomainValidationException(field, $"Capabilities must be {Rule}; not: {string.Join(", ", invalid.Select(c => $"'{c}'"))}.");
    }

    // \z, not $: $ would also accept a trailing newline.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,31}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();
}
