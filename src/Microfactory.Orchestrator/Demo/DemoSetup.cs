using System.Security.Cryptography;
using Microfactory.Orchestrator.Auth;

namespace Microfactory.Orchestrator.Demo;

public static class DemoSetup
{
    public const string Flag = "--demo";

    /// <summary>With --demo (or Demo:Enabled): a simulated network, synthetic demand and a live console summary.</summary>
    public static WebApplicationBuilder AddDemoIfAsked(this WebApplicationBuilder builder, string[] args)
    {
        var enabled = args.Contains(Flag, StringComparer.Ordinal) || builder.Configuration.GetValue<bool>($"{DemoOptions.Section}:Enabled");
        if (!enabled)
        {
            return builder;
        }

        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (!builder.Configuration.GetSection($"{ApiKeyOptions.Section}:ApiKeys").GetChildren().Any())
        {
            // The demo still requires credentials; it makes its own keys once and keeps them beside its data.
            var keys = DemoKeys.LoadOrCreate(Path.GetFullPath(".data/demo-keys"));
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Auth:ApiKeys:0:Name"] = "demo-planner",
                ["Auth:ApiKeys:0:Key"] = keys.Planner,
                ["Auth:ApiKeys:0:Role"] = Roles.Planner,
                ["Auth:ApiKeys:1:Name"] = "demo-admin",
                ["Auth:ApiKeys:1:Key"] = keys.Admin,
                ["Auth:ApiKeys:1:Role"] = Roles.Admin,
            });
        }

        builder.Services.AddSingleton<InProcessSites>();
        builder.Services.AddSingleton<DemandGenerator>();
        builder.Services.AddSingleton<DemoConsole>();
        builder.Services.AddHostedService<DemoRunner>();
        return builder;
    }
}

/// <summary>The demo's API keys, made once with a strong random generator and kept in files only the owner can read.</summary>
public sealed record DemoKeys(string Directory, string Planner, string Admin)
{
    public string PlannerFile => Path.Combine(Directory, "planner.key");

    public static DemoKeys LoadOrCreate(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        return new DemoKeys(directory, Read(Path.Combine(directory, "planner.key")), Read(Path.Combine(directory, "admin.key")));
    }

    private static string Read(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var key = "mf_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(path, key);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }
}
