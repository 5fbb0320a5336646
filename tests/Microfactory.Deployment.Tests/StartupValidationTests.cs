extern alias SiteAgentApp;

using Microfactory.Deployment.Tests.Apps;
using Microfactory.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SiteAgentApp::Microfactory.SiteAgent.Configuration;
using SiteAgentApp::Microfactory.SiteAgent.Hosting;

namespace Microfactory.Deployment.Tests;

/// <summary>
/// The configuration each deployment gives an app passes the app's own start-up validation (options validated on
/// start), so a compose or k8s setting the app would reject shows here instead of as a crash-looping container.
/// </summary>
public sealed class StartupValidationTests
{
    [Fact]
    public void Each_compose_site_agent_configuration_passes_the_agent_validation()
    {
        foreach (var agent in AppContainers.InCompose().Where(c => c.App == App.SiteAgent))
        {
            var services = new ServiceCollection();
            services.AddSingleton(EffectiveConfiguration.For(agent));
            services.AddLogging();
            services.AddSiteAgent();
            using var provider = services.BuildServiceProvider();
            var error = Record.Exception(() => provider.GetRequiredService<IOptions<AgentOptions>>().Value);
            Assert.True(error is null, $"{agent.Where}: {error?.Message}");
        }
    }

    [Fact]
    public void The_compose_orchestrator_configuration_starts_the_orchestrator()
    {
        foreach (var orchestrator in AppContainers.InCompose().Where(c => c.App == App.Orchestrator))
        {
            AssertStarts(orchestrator.Where, EffectiveConfiguration.For(orchestrator));
        }
    }

    [Fact]
    public void The_kubernetes_orchestrator_configuration_starts_the_orchestrator_once_its_secrets_exist()
    {
        var orchestrator = AppContainers.InKubernetes().Single(c => c.Where.StartsWith("k8s/base/orchestrator-deployment.yaml", StringComparison.Ordinal));
        // Stand-ins for the values the referenced Secrets hold (see docs/deployment.md).
        var environment = new Dictionary<string, string?>(orchestrator.Environment)
        {
            ["Store__ConnectionString"] = "UseDevelopmentStorage=true",
            ["Auth__ApiKeys__0__Key"] = new string('p', 32),
            ["Auth__ApiKeys__1__Key"] = new string('a', 32),
            ["Agents__Credentials__osaka-01"] = new string('o', 32),
        };
        AssertStarts(orchestrator.Where, EffectiveConfiguration.For(orchestrator with { Environment = environment }));
    }

    private static void AssertStarts(string where, IConfiguration configuration)
    {
        // The store is swapped for memory: no Azurite runs here, and reaching it is /readyz's concern, not start-up's.
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web.ConfigureAppConfiguration((_, config) => config
            .AddConfiguration(configuration)
            .AddInMemoryCollection(new Dictionary<string, string?>(SiloPorts.Settings()) { ["Store:Kind"] = "Memory" })));
        var error = Record.Exception(() => factory.Services);
        Assert.True(error is null, $"{where}: the orchestrator does not start with this configuration: {error?.Message}");
    }
}
