using System.ComponentModel.DataAnnotations;
using Microfactory.Deployment.Tests.Apps;
using Microfactory.Deployment.Tests.Support;
using Microfactory.Orchestrator.AgentLink;
using Microfactory.Orchestrator.Auth;
using Microfactory.Storage.Configuration;
using Microsoft.Extensions.Configuration;

namespace Microfactory.Deployment.Tests;

/// <summary>The compose stack, filled in from deploy/.env.example, gives the orchestrator settings its own validation accepts.</summary>
public sealed class ComposeConfigurationTests
{
    [Fact]
    public void The_example_env_file_yields_an_orchestrator_configuration_that_passes_its_validation()
    {
        Assert.All(AppContainers.InCompose().Where(c => c.App == App.Orchestrator), silo => AssertValid(EffectiveConfiguration.For(silo)));
    }

    [Fact]
    public void Compose_runs_three_silos_of_one_cluster_on_azurite_tables_and_blobs()
    {
        var silos = AppContainers.InCompose().Where(c => c.App == App.Orchestrator).Select(EffectiveConfiguration.For).ToList();
        Assert.True(silos.Count >= 3, $"compose.yaml runs {silos.Count} orchestrator silos; the cluster needs at least 3");
        Assert.All(silos, silo =>
        {
            Assert.Equal("AzureTableStorage", silo["Orleans:Clustering:ProviderType"]);
            Assert.Equal("AzureTableStorage", silo["Orleans:Reminders:ProviderType"]);
            Assert.Equal(Microfactory.Orchestrator.Hosting.StoreTables.ServiceKey, silo["Orleans:Clustering:ServiceKey"]);
        });
        Assert.Single(silos.Select(s => (s["Orleans:ClusterId"], s["Orleans:ServiceId"], s["Store:ConnectionString"])).Distinct());

        // Membership lives in the account's Table service: Azurite must serve it and the connection string must name it.
        var azurite = Yaml.LoadMap(AppContainers.ComposeFile).Map("services")?.Map("azurite") ?? throw new InvalidDataException("compose.yaml has no azurite service");
        Assert.Contains("--tableHost", azurite.List("command").OfType<string>());
        Assert.Contains("TableEndpoint=", silos[0]["Store:ConnectionString"], StringComparison.Ordinal);
    }

    private static void AssertValid(IConfiguration configuration)
    {

        var store = configuration.GetSection(StoreOptions.Section).Get<StoreOptions>()!;
        Assert.Equal(StoreKind.AzureBlob, store.Kind);
        Assert.Null(store.Problem());

        var keys = configuration.GetSection(ApiKeyOptions.Section).Get<ApiKeyOptions>()!;
        Assert.Equal(2, keys.ApiKeys.Count);
        Assert.All(keys.ApiKeys, key => Assert.True(Validator.TryValidateObject(key, new ValidationContext(key), null, validateAllProperties: true), $"API key '{key.Name}' fails validation"));

        var credentials = configuration.GetSection(SiteCredentialOptions.Section).Get<SiteCredentialOptions>()!.Credentials;
        Assert.Equal(3, credentials.Count);
        Assert.All(credentials, c => Assert.True(c.Value.Length >= SiteCredentials.MinimumLength, $"the example credential for {c.Key} is shorter than {SiteCredentials.MinimumLength}"));
        Assert.Equal(credentials.Count, credentials.Values.Distinct().Count());
    }

    [Fact]
    public void Compose_runs_azurite_accepting_the_newer_service_version_the_storage_sdk_speaks()
    {
        // Azure.Storage.Blobs sends its newest x-ms-version; Azurite 3.35 answers every such request 400 without this flag.
        var azurite = Yaml.LoadMap(AppContainers.ComposeFile).Map("services")?.Map("azurite") ?? throw new InvalidDataException("compose.yaml has no azurite service");

        Assert.Contains("--skipApiVersionCheck", azurite.List("command").OfType<string>());
    }
}
