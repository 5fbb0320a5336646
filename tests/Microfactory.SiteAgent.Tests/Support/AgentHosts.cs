using Microfactory.SiteAgent.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microfactory.SiteAgent.Tests.Support;

/// <summary>The agent's host as Program.cs builds it, configured from a dictionary instead of appsettings.json.</summary>
internal static class AgentHosts
{
    public const string Credential = "s3cr3t-osaka-01-7f9c2b";

    /// <summary>A valid configuration with two simulated cells; tests change or remove keys from it.</summary>
    public static Dictionary<string, string?> ValidConfiguration() => new()
    {
        ["Agent:OrchestratorUrl"] = "https://orchestrator.example:7443",
        ["Agent:SiteId"] = "osaka-01",
        ["Agent:Credential"] = Credential,
        ["Agent:StateDirectory"] = Path.Combine(Path.GetTempPath(), "mf-agent-tests", Guid.NewGuid().ToString("N")),
        ["Agent:Cells:0:Id"] = "cnc-1",
        ["Agent:Cells:0:Driver"] = "simulated",
        ["Agent:Cells:0:Capabilities:0"] = "cnc-milling",
        ["Agent:Cells:0:HoursAvailablePerDay"] = "16",
        ["Agent:Cells:0:Simulated:ChangeoverTime"] = "00:12:00",
        ["Agent:Cells:0:Simulated:CycleTime"] = "00:01:30",
        ["Agent:Cells:0:Simulated:ScrapRate"] = "0.03",
        ["Agent:Cells:0:Simulated:Seed"] = "5",
        ["Agent:Cells:0:Simulated:InstalledDesigns:0"] = "bracket-a@1.0.0",
        ["Agent:Cells:0:Simulated:LoadedDesign"] = "bracket-a@1.0.0",
        ["Agent:Cells:1:Id"] = "printer-1",
        ["Agent:Cells:1:Driver"] = "simulated",
        ["Agent:Cells:1:Capabilities:0"] = "fdm-printing",
        ["Agent:Cells:1:Capabilities:1"] = "post-curing",
        ["Agent:Cells:1:HoursAvailablePerDay"] = "24",
        ["Agent:Cells:1:Simulated:CycleTime"] = "00:20:00",
    };

    public static IHost Build(IDictionary<string, string?> configuration, ILoggerProvider? logs = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddSiteAgent();
        services?.Invoke(builder.Services);
        return builder.Build();
    }
}
