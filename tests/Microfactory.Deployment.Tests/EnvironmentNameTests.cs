using Microfactory.Deployment.Tests.Apps;
using Microfactory.Deployment.Tests.Support;

namespace Microfactory.Deployment.Tests;

public sealed class EnvironmentNameTests
{
    [Theory]
    [InlineData(App.Orchestrator, "AgentLink__Port")]
    [InlineData(App.Orchestrator, "Agents__Credentials__osaka-01")]
    [InlineData(App.Orchestrator, "Auth__ApiKeys__3__Role")]
    [InlineData(App.Orchestrator, "Routing__Weights__PerKm")]
    [InlineData(App.Orchestrator, "ASPNETCORE_URLS")]
    [InlineData(App.Orchestrator, "Orleans__Clustering__ProviderType")]
    [InlineData(App.Orchestrator, "Orleans__Reminders__ServiceKey")]
    [InlineData(App.Orchestrator, "Orleans__Membership__ProbeTimeout")]
    [InlineData(App.SiteAgent, "Agent__Cells__0__Simulated__InstalledDesigns__1")]
    [InlineData(App.SiteAgent, "OTEL_EXPORTER_OTLP_ENDPOINT")]
    public void Names_the_apps_bind_are_accepted(App app, string name) =>
        Assert.Null(AppConfiguration.WhyNotRead(app, name));

    [Theory]
    [InlineData(App.Orchestrator, "AgentLink__GrpcPort")]
    [InlineData(App.Orchestrator, "Store")]
    [InlineData(App.Orchestrator, "Auth__ApiKeys__first__Key")]
    [InlineData(App.Orchestrator, "Agent__SiteId")]
    [InlineData(App.Orchestrator, "Orleans__Clustering__Provider")]
    [InlineData(App.SiteAgent, "Agent__StateFolder")]
    [InlineData(App.SiteAgent, "Agent__Cells__0__SectionPath")]
    [InlineData(App.SiteAgent, "Urls")]
    public void Names_no_app_binds_are_refused(App app, string name) =>
        Assert.NotNull(AppConfiguration.WhyNotRead(app, name));

    [Fact]
    public void Compose_sets_only_variables_the_apps_read()
    {
        var containers = AppContainers.InCompose();
        Assert.True(containers.Count(c => c.App == App.Orchestrator) >= 3, "compose.yaml should run a cluster of at least three orchestrator silos");
        Assert.True(containers.Count(c => c.App == App.SiteAgent) >= 3, "compose.yaml should run at least three site agents");
        AssertAllRead(containers);
    }

    [Fact]
    public void Kubernetes_sets_only_variables_the_apps_read()
    {
        var containers = AppContainers.InKubernetes();
        Assert.Contains(containers, c => c.App == App.Orchestrator && c.Where.StartsWith("k8s/base/orchestrator-deployment.yaml", StringComparison.Ordinal));
        Assert.Contains(containers, c => c.App == App.Orchestrator && c.Where.StartsWith("k8s/overlays/", StringComparison.Ordinal));
        AssertAllRead(containers);
    }

    [Fact]
    public void Dockerfiles_set_only_variables_their_app_reads()
    {
        foreach (var (app, dockerfile) in AppImages.Dockerfiles())
        {
            var environment = dockerfile.Final.Environment().ToDictionary(e => e.Key, e => (string?)e.Value);
            AssertAllRead([new AppContainer(app, Repo.Relative(dockerfile.Path), environment)]);
        }
    }

    [Fact]
    public void Site_credentials_come_from_the_env_file_and_match_between_agent_and_orchestrator()
    {
        var containers = AppContainers.InCompose();
        foreach (var (agent, orchestrator) in containers.Where(c => c.App == App.SiteAgent)
                     .SelectMany(agent => containers.Where(c => c.App == App.Orchestrator).Select(silo => (agent, silo.Environment))))
        {
            var siteId = agent.Environment.GetValueOrDefault("Agent__SiteId");
            Assert.False(string.IsNullOrEmpty(siteId), $"{agent.Where} sets no Agent__SiteId");
            var credential = agent.Environment.GetValueOrDefault("Agent__Credential");
            Assert.True(credential is not null && credential.StartsWith("${", StringComparison.Ordinal),
                $"{agent.Where}: Agent__Credential must come from deploy/.env (${{VARIABLE}}), never be written inline.");
            Assert.Equal(credential, orchestrator.GetValueOrDefault($"Agents__Credentials__{siteId}"));
        }

        Assert.All(containers.Where(c => c.App == App.Orchestrator).SelectMany(c => c.Environment)
                .Where(e => e.Key.StartsWith("Agents__Credentials__", StringComparison.Ordinal) || e.Key.EndsWith("__Key", StringComparison.Ordinal) || e.Key == "Store__ConnectionString"),
            secret => Assert.StartsWith("${", secret.Value));
    }

    private static void AssertAllRead(IReadOnlyList<AppContainer> containers)
    {
        Assert.NotEmpty(containers);
        var problems = containers
            .SelectMany(c => c.Environment.Keys
                .Where(name => !AppContainers.ExpansionInputs(c).Contains(name))
                .Select(name => AppConfiguration.WhyNotRead(c.App, name) is { } why ? $"{c.Where}: {why}" : null))
            .OfType<string>()
            .ToList();
        Assert.True(problems.Count == 0, "Environment variables no app reads:\n" + string.Join("\n", problems));
    }
}
