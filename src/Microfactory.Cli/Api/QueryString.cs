namespace Microfactory.Cli.Api;

public static class QueryString
{
    /// <summary><c>?a=1&amp;b=2</c> from the parameters that have a value, or empty.</summary>
    public static string From(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }
}
