using System.Text.RegularExpressions;
using Microfactory.Deployment.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Microfactory.Deployment.Tests.Apps;

/// <summary>
/// What an app sees at run time in a container: its appsettings.json, then its image's ENV, then the container's
/// environment, layered the way the host builder layers them. Compose's ${VAR} references are filled from
/// deploy/.env.example, the file users copy.
/// </summary>
public static partial class EffectiveConfiguration
{
    public static IConfiguration For(AppContainer container)
    {
        var project = Path.GetDirectoryName(Repo.PathOf(AppImages.ProjectPath(container.App)))!;
        var image = AppImages.For(container.App).Final.Environment();
        var example = EnvExample();
        return new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(project, "appsettings.json"), optional: false)
            .AddInMemoryCollection(image.Select(e => KeyValuePair.Create(Key(e.Key), (string?)e.Value)))
            .AddInMemoryCollection(container.Environment.Where(e => e.Value is not null)
                .Select(e => KeyValuePair.Create(Key(e.Key), (string?)Interpolate(e.Value!, example))))
            .Build();
    }

    public static IReadOnlyDictionary<string, string> EnvExample() =>
        File.ReadAllLines(Path.Combine(Repo.Deploy, ".env.example"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    private static string Key(string environmentName) => environmentName.Replace("__", ":", StringComparison.Ordinal);

    private static string Interpolate(string value, IReadOnlyDictionary<string, string> variables) =>
        Reference().Replace(value, m => variables.TryGetValue(m.Groups[1].Value, out var v)
            ? v
            : throw new InvalidDataException($"compose references ${{{m.Groups[1].Value}}}, which deploy/.env.example does not define."));

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?][^}]*)?\}")]
    private static partial Regex Reference();
}
