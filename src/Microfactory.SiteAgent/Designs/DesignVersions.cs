using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Microfactory.SiteAgent.Designs;

/// <summary>
/// Splits a design version "bracket-a@1.4.0" into the product and version that name its directory on disk.
/// Only safe path segments pass: a version string never leads outside the designs directory.
/// </summary>
public static partial class DesignVersions
{
    public static bool TrySplit(string? designVersion, [NotNullWhen(true)] out string? product, [NotNullWhen(true)] out string? version)
    {
        product = version = null;
        var at = designVersion?.LastIndexOf('@') ?? -1;
        if (designVersion is null || at <= 0 || at == designVersion.Length - 1)
        {
            return false;
        }

        var (p, v) = (designVersion[..at], designVersion[(at + 1)..]);
        if (!Segment().IsMatch(p) || !Segment().IsMatch(v))
        {
            return false;
        }

        (product, version) = (p, v);
        return true;
    }

    // No leading dot: "." and ".." are not names.
    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex Segment();
}
