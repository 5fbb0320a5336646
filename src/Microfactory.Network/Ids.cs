using System.Text.RegularExpressions;

namespace Microfactory.Network;

/// <summary>Ids of sites, cells, cities and products: lower-case, URL- and storage-safe, so one id works everywhere.</summary>
public static partial class Ids
{
    public const string Rule = "1 to 63 characters: lower-case letters, digits and '-', starting with a letter or digit";

    public static bool IsValid(string? id) => id is not null && IdPattern().IsMatch(id);

    public static void Ensure(string? id, string field)
    {
        if (!IsValid(id))
        {
            throw new DomainValidationException(field, $"'{field}' must be {Rule} (got '{id}').");
        }
    }

    /// <summary>A cell's network-wide id, which is also its grain key.</summary>
    public static string Cell(string siteId, string cellId) => $"{siteId}/{cellId}";

    // \z, not $: $ would also accept a trailing newline.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
