using Microfactory.Storage.Configuration;
using Microfactory.Storage.LocalDirectory;
using Microfactory.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microfactory.Storage.AzureBlob.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class BlobStoreFactoryTests(AzuriteFixture azurite)
{
    [Fact]
    public void Each_kind_gives_its_backend()
    {
        Assert.IsType<InMemoryBlobStore>(BlobStoreFactory.Create(new StoreOptions { Kind = StoreKind.Memory }));
        var local = Assert.IsType<LocalDirectoryBlobStore>(BlobStoreFactory.Create(new StoreOptions { Kind = StoreKind.LocalDirectory, Directory = "some/dir" }));
        Assert.Equal(Path.GetFullPath("some/dir"), local.Directory);
        Assert.IsType<AzureBlobStore>(BlobStoreFactory.Create(new StoreOptions { Kind = StoreKind.AzureBlob, ConnectionString = "UseDevelopmentStorage=true" }));
        Assert.IsType<AzureBlobStore>(BlobStoreFactory.Create(new StoreOptions { Kind = StoreKind.AzureBlob, AccountUrl = new Uri("https://mf.blob.core.windows.net") }));
    }

    [Theory]
    [InlineData("AzureBlob", null, null, "microfactory", "set exactly one of Store:ConnectionString")]
    [InlineData("AzureBlob", "UseDevelopmentStorage=true", "https://mf.blob.core.windows.net", "microfactory", "set exactly one of")]
    [InlineData("AzureBlob", null, "http://mf.blob.core.windows.net", "microfactory", "must be an absolute https URL")]
    [InlineData("AzureBlob", "UseDevelopmentStorage=true", null, "Bad_Name", "Invalid Azure Blob container name 'Bad_Name'")]
    [InlineData("AzureBlob", "AccountName=a", null, "microfactory", "AccountKey is missing")]
    public async Task A_bad_store_setting_stops_start_up_with_a_message_naming_it(string kind, string? connectionString, string? accountUrl, string container, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Store:Kind"] = kind,
            ["Store:ConnectionString"] = connectionString,
            ["Store:AccountUrl"] = accountUrl,
            ["Store:Container"] = container,
        };
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddBlobStore();
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StoreOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_readiness_check_reports_a_reachable_store_healthy_and_a_wrong_key_unhealthy_with_the_reason()
    {
        var good = await CheckAsync(azurite.ConnectionString);
        var wrongKey = azurite.ConnectionString.Replace(StorageConnectionString.DevelopmentAccountKey,
            Convert.ToBase64String(new byte[64]), StringComparison.Ordinal);
        var bad = await CheckAsync(wrongKey);

        Assert.Equal(HealthStatus.Healthy, good.Status);
        Assert.Equal(HealthStatus.Unhealthy, bad.Status);
        Assert.Contains("403", bad.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_up_says_why_the_store_is_not_ready()
    {
        var logs = new ListLoggerProvider();
        var wrongKey = azurite.ConnectionString.Replace(StorageConnectionString.DevelopmentAccountKey,
            Convert.ToBase64String(new byte[64]), StringComparison.Ordinal);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Kind"] = "AzureBlob",
            ["Store:ConnectionString"] = wrongKey,
            ["Store:Container"] = AzuriteFixture.NewContainerName(),
        });
        builder.Services.AddBlobStore();
        using var host = builder.Build();

        await host.StartAsync().Within("host start");
        await host.StopAsync().Within("host stop");

        var line = Assert.Single(logs.Messages, m => m.StartsWith("State store", StringComparison.Ordinal));
        Assert.StartsWith("State store AzureBlobStore is not ready: Azure Blob refused", line, StringComparison.Ordinal);
        Assert.Contains("403", line, StringComparison.Ordinal);
    }

    private static async Task<HealthReportEntry> CheckAsync(string connectionString, string? container = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Store:Kind"] = "AzureBlob",
            ["Store:ConnectionString"] = connectionString,
            ["Store:Container"] = container ?? AzuriteFixture.NewContainerName(),
        };
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddBlobStore();
        await using var provider = services.BuildServiceProvider();
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync().Within("health check");
        return report.Entries["store"];
    }
}
