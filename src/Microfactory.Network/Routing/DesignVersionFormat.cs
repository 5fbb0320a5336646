namespace Microfactory.Network.Routing;

/// <summary>Design versions are written <c>product@version</c> (e.g. <c>bracket@2.1.0</c>) and compared ordinally.</summary>
public static class DesignVersionFormat
{
    public static bool IsWellFormed(string? design)
    {
        if (string.IsNullOrEmpty(design))
        {
            return false;
        }

        var at = design.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == design.Length - 1 || design.IndexOf('@', at + 1) >= 0)
        {
            return false;
        }

        foreach (var c in design)
        {
            if (char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }

    public static void EnsureWellFormed(string? design, string paramName)
    {
        if (!IsWellFormed(design))
        {
            throw new ArgumentException($"Design '{design}' is not of the form product@version (e.g. bracket@2.1.0).", paramName);
        }
    }
}
