namespace Microfactory.WebConsole;

/// <summary>The console's own addresses outside its pages.</summary>
public static class ConsoleRoutes
{
    public const string SignIn = "/sign-in";

    public const string SignOut = "/sign-out";

    public const string Forbidden = "/forbidden";

    public const string Dashboard = "/dashboard";

    /// <summary>Only a path on this site is a place to return to after sign-in (no open redirect).</summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}
