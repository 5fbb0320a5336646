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
    [InlineData("AzureBlob", "UseDevelopmentStorage=true", null, "Bad_Name", "Store:Container: Invalid Azure Blob container name 'Bad_Name'")]
    [InlineData("AzureBlob", "AccountName=a;AccountKey=AAAA;secretfragment", null, "microfactory", "Store:ConnectionString: Invalid Azure Storage connection string")]
    [InlineData("AzureBlob", "AccountName=a;AccountKey=not base64 secretfragment!", null, "microfactory", "Store:ConnectionString: Invalid Azure Storage connection string")]
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
        Assert.DoesNotContain("secretfragment", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", "http://127.0.0.1:10000/devstoreaccount1", "devstoreaccount1")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AzuriteProcess.AccountKey + ";BlobEndpoint=http://127.0.0.1:41234/devstoreaccount1;",
        "http://127.0.0.1:41234/devstoreaccount1", "devstoreaccount1")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=mfprod;AccountKey=AAAA;EndpointSuffix=core.windows.net", "https://mfprod.blob.core.windows.net/", "mfprod")]
    public void A_connection_string_names_the_account_and_its_blob_endpoint(string connectionString, string endpoint, string account)
    {
        var client = BlobStoreFactory.CreateBlobServiceClient(new StoreOptions { Kind = StoreKind.AzureBlob, ConnectionString = connectionString });

        Assert.Equal(new Uri(endpoint), client.Uri);
        Assert.Equal(account, client.AccountName);
    }

    [Theory]
    [InlineData("Store:NetworkTimeout", "00:00:00")]
    [InlineData("Store:MaxRetries", "-1")]
    public async Task A_bad_retry_setting_stops_start_up_naming_it(string setting, string value)
    {
        var settings = AzuriteProcess.StoreSettings(azurite.ConnectionString, "microfactory");
        settings[setting] = value;
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddBlobStore();
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StoreOptions>>().Value);

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_readiness_check_reports_a_reachable_store_healthy_and_a_wrong_key_unhealthy_with_the_reason()
    {
        var good = await CheckAsync(azurite.ConnectionString);
        var bad = await CheckAsync(WrongKey);

        Assert.Equal(HealthStatus.Healthy, good.Status);
        Assert.Equal(HealthStatus.Unhealthy, bad.Status);
        Assert.Contains("403", bad.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_up_says_why_the_store_is_not_ready()
    {
        var logs = new ListLoggerProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Configuration.AddInMemoryCollection(AzuriteProcess.StoreSettings(WrongKey, AzuriteFixture.NewContainerName()));
        builder.Services.AddBlobStore();
        using var host = builder.Build();

        await host.StartAsync().Within("host start");
        await host.StopAsync().Within("host stop");

        var line = Assert.Single(logs.Messages, m => m.StartsWith("State store", StringComparison.Ordinal));
        Assert.StartsWith("State store AzureBlobStore is not ready: Azure Blob refused", line, StringComparison.Ordinal);
        Assert.Contains("403", line, StringComparison.Ordinal);
    }

    private string WrongKey => azurite.ConnectionString.Replace(AzuriteProcess.AccountKey, Convert.ToBase64String(new byte[64]), StringComparison.Ordinal);

    private async Task<HealthReportEntry> CheckAsync(string connectionString)
    {
        var settings = AzuriteProcess.StoreSettings(connectionString, AzuriteFixture.NewContainerName());
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddBlobStore();
        await using var provider = services.BuildServiceProvider();
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync().Within("health check");
        return report.Entries["store"];
    }
}
