using System.Net.Http.Headers;
using Microfactory.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Microfactory.Orchestrator.Tests.Support;

/// <summary>
/// The orchestrator in process, configured as it is deployed (Production environment), with an in-memory store
/// and two API keys from configuration. Every log entry it writes is captured.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public const string PlannerKey = "planner-key-0123456789abcdef-xyz";

    public const string AdminKey = "admin-key-0123456789abcdef-uvwxyz";

    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Settings on top of the test defaults; subclasses and the restart tests add their own.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public HttpClient Planner() => WithKey(PlannerKey);

    public HttpClient Admin() => WithKey(AdminKey);

    public HttpClient Anonymous() => CreateClient();

    public HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        var settings = new Dictionary<string, string?>
        {
            ["Store:Kind"] = "Memory",
            ["Auth:ApiKeys:0:Name"] = "test-planner",
            ["Auth:ApiKeys:0:Key"] = PlannerKey,
            ["Auth:ApiKeys:0:Role"] = "planner",
            ["Auth:ApiKeys:1:Name"] = "test-admin",
            ["Auth:ApiKeys:1:Key"] = AdminKey,
            ["Auth:ApiKeys:1:Role"] = "admin",
        };
        foreach (var (name, value) in SiloPorts.Settings().Concat(Settings))
        {
            settings[name] = value;
        }

        foreach (var (name, value) in settings)
        {
            builder.UseSetting(name, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(Logs);
            logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
        });
    }
}
