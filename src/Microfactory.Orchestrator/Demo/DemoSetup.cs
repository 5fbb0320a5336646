using System.Security.Cryptography;
using Microfactory.Orchestrator.Auth;

namespace Microfactory.Orchestrator.Demo;

public static class DemoSetup
{
    public const string Flag = "--demo";

    /// <summary><c>--surge city</c>: the same as Demo__Surge__City=city.</summary>
    public const string SurgeFlag = "--surge";

    /// <summary>
    /// With --demo (or Demo:Enabled): a simulated network, synthetic demand and a live view of it; the logs go to a
    /// file (<see cref="DemoLogging"/>), and --verbose brings them back to the terminal.
    /// </summary>
    public static WebApplicationBuilder AddDemoIfAsked(this WebApplicationBuilder builder, string[] args)
    {
        var enabled = args.Contains(Flag, StringComparer.Ordinal) || builder.Configuration.GetValue<bool>($"{DemoOptions.Section}:Enabled");
        if (!enabled)
        {
            return builder;
        }

        var surgeAt = Array.IndexOf(args, SurgeFlag);
        if (surgeAt >= 0 && surgeAt + 1 < args.Length)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"{DemoOptions.Section}:Surge:City"] = args[surgeAt + 1] });
        }

        var verbose = args.Contains(DemoLogging.VerboseFlag, StringComparer.Ordinal);
        if (verbose)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"{DemoOptions.Section}:Verbose"] = "true" });
        }

        var activity = new DemoActivity();
        var logFile = builder.AddDemoLogging(verbose || builder.Configuration.GetValue<bool>($"{DemoOptions.Section}:Verbose"), activity);
        Console.Out.WriteLine($"Microfactory Network demo starting; logs (Information and up) go to {logFile}");
        builder.Services.AddSingleton(activity);
        builder.Services.AddSingleton(new DemoLogFile(logFile));
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Surge.City is null || DemoCatalog.Cities.Any(c => c.Id == o.Surge.City),
                $"Demo:Surge:City (--surge) must be one of the demo cities: {string.Join(", ", DemoCatalog.Cities.Select(c => c.Id))}.")
            .Validate(o => o.Surge.Factor is >= 1 and <= 100 && o.Surge.MaxTransferKm >= 0 && o.Surge.At >= TimeSpan.Zero,
                "Demo:Surge: Factor must be within 1..100, MaxTransferKm and At must not be negative.")
            .ValidateOnStart();
        if (!builder.Configuration.GetSection($"{ApiKeyOptions.Section}:ApiKeys").GetChildren().Any())
        {
            // The demo still requires credentials; it makes its own keys once and keeps them beside its data.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Auth:ApiKeys:0:Name"] = "demo-planner",
                ["Auth:ApiKeys:0:Key"] = DemoSecrets.LoadOrCreate("planner"),
                ["Auth:ApiKeys:0:Role"] = Roles.Planner,
                ["Auth:ApiKeys:1:Name"] = "demo-admin",
                ["Auth:ApiKeys:1:Key"] = DemoSecrets.LoadOrCreate("admin"),
                ["Auth:ApiKeys:1:Role"] = Roles.Admin,
            });
        }

        // Every demo site's agent gets its own credential, which acts for that site only.
        var sitesPerCity = builder.Configuration.GetValue<int?>($"{DemoOptions.Section}:SitesPerCity") ?? new DemoOptions().SitesPerCity;
        var credentials = DemoCatalog.Cities
            .SelectMany(c => Enumerable.Range(1, sitesPerCity).Select(i => DemoCatalog.SiteId(c.Id, i)))
            .ToDictionary(id => id, id => DemoSecrets.LoadOrCreate(Path.Combine("sites", id)));
        builder.Configuration.AddInMemoryCollection(credentials.ToDictionary(c => $"Agents:Credentials:{c.Key}", c => (string?)c.Value));
        builder.Services.AddSingleton(new DemoCredentials(credentials));

        builder.Services.AddSingleton<DemoAgents>();
        builder.Services.AddSingleton<DemoMachines>();
        builder.Services.AddSingleton<DemandGenerator>();
        builder.Services.AddSingleton<DemoFigures>();
        builder.Services.AddSingleton<DemoLinks>();
        builder.Services.AddSingleton<DemoConsole>();
        builder.Services.AddSingleton<DemoRebalancer>();
        builder.Services.AddHostedService<DemoRunner>();
        return builder;
    }
}

/// <summary>The demo's secrets: made once with a strong random generator, kept in files only the owner can read.</summary>
public static class DemoSecrets
{
    public static string Directory => Path.GetFullPath(Path.Combine(".data", "demo-keys"));

    public static string LoadOrCreate(string name)
    {
        var path = Path.Combine(Directory, name + ".key");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = "mf_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return secret;
    }
}

/// <summary>Each demo site's agent credential, also given to the orchestrator as Agents:Credentials.</summary>
public sealed class DemoCredentials(IReadOnlyDictionary<string, string> bySite)
{
    public string For(string siteId) => bySite[siteId];
}
