namespace Microfactory.Testing;

/// <summary>Finds an app's build output under src/&lt;project&gt;/bin: the configuration these tests were built in first, then Release, then Debug.</summary>
public static class BuiltApp
{
    public static string Orchestrator { get; } = Find("Microfactory.Orchestrator");

    public static string SiteAgent { get; } = Find("Microfactory.SiteAgent");

    /// <summary>The planners' command line, built as mf.dll (looked up on use: only the CLI tests build it).</summary>
    public static string Cli => Find("Microfactory.Cli", "mf");

    private static string Find(string project, string? assembly = null)
    {
        var own = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        foreach (var configuration in new[] { own, "Release", "Debug" }.Distinct())
        {
            var candidate = Path.Combine(RepositoryRoot.Path, "src", project, "bin", configuration, "net10.0", (assembly ?? project) + ".dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{assembly ?? project}.dll not found under src/{project}/bin/{{Release,Debug}}/net10.0: build the solution (dotnet build Orleans.Network.sln -c Release) first.");
    }
}
