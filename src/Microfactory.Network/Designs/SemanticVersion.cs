using System.Globalization;
using System.Text.RegularExpressions;

namespace Microfactory.Network.Designs;

/// <summary>
/// Semantic versions as SemVer 2.0.0 (semver.org) defines them: MAJOR.MINOR.PATCH, an optional pre-release
/// (<c>-rc.1</c>) and optional build metadata (<c>+build.5</c>). <see cref="CompareTo"/> is SemVer precedence, which
/// ignores build metadata: <c>1.0.0+a</c> and <c>1.0.0+b</c> are different versions of equal precedence. Each of
/// MAJOR, MINOR and PATCH is at most 999999999, and the whole text at most <see cref="MaxLength"/> characters.
/// </summary>
public readonly partial record struct SemanticVersion(int Major, int Minor, int Patch, string PreRelease, string Build = "") : IComparable<SemanticVersion>
{
    public const int MaxLength = 64;

    public const string Rule =
        "a semantic version (SemVer 2.0.0): MAJOR.MINOR.PATCH without leading zeros, optionally a pre-release and build metadata, " +
        "such as 2.1.0, 2.1.0-rc.1 or 2.1.0+build.5, at most 64 characters";

    public static bool TryParse(string? text, out SemanticVersion version)
    {
        version = default;
        var match = text is null || text.Length > MaxLength ? null : Pattern().Match(text);
        if (match is null || !match.Success)
        {
            return false;
        }

        version = new SemanticVersion(
            int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture),
            match.Groups[4].Value,
            match.Groups[5].Value);
        return true;
    }

    public int CompareTo(SemanticVersion other)
    {
        var c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Patch.CompareTo(other.Patch);
        if (c != 0) return c;
        if (PreRelease.Length == 0)
        {
            return other.PreRelease.Length == 0 ? 0 : 1; // 1.0.0 is newer than 1.0.0-rc.1
        }

        return other.PreRelease.Length == 0 ? -1 : ComparePreRelease(PreRelease, other.PreRelease);
    }

    /// <summary>Same precedence (build metadata aside) but written differently: the two cannot both be versions of one design.</summary>
    public bool SamePrecedenceAs(SemanticVersion other) => CompareTo(other) == 0;

    // semver.org rule 11: dot-separated identifiers, numeric ones compared as numbers and before alphanumeric ones.
    private static int ComparePreRelease(string a, string b)
    {
        var left = a.Split('.');
        var right = b.Split('.');
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            var leftNumeric = left[i].All(char.IsAsciiDigit);
            var rightNumeric = right[i].All(char.IsAsciiDigit);
            var c = (leftNumeric, rightNumeric) switch
            {
                // No leading zeros (the pattern refuses them), so the longer number is the larger, whatever its size.
                (true, true) => left[i].Length != right[i].Length ? left[i].Length.CompareTo(right[i].Length) : string.CompareOrdinal(left[i], right[i]),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(left[i], right[i]),
            };
            if (c != 0)
            {
                return c;
            }
        }

        return left.Length.CompareTo(right.Length);
    }

    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}{(PreRelease.Length == 0 ? "" : "-" + PreRelease)}{(Build.Length == 0 ? "" : "+" + Build)}";

    // semver.org's own pattern, with MAJOR.MINOR.PATCH kept to int: pre-release identifiers are numeric without leading
    // zeros or alphanumeric; build identifiers are any non-empty [0-9A-Za-z-].
    [GeneratedRegex(
        @"^(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})" +
        @"(?:-((?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*))?" +
        @"(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
