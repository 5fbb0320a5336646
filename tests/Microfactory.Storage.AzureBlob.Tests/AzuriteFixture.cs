using Azure.Core.Pipeline;

namespace Microfactory.Storage.AzureBlob.Tests;

/// <summary>One real Azurite for the collection (see <see cref="AzuriteProcess"/>); every store gets a container of its own.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString => (_azurite ?? throw new InvalidOperationException("Azurite has not started.")).ConnectionString;

    /// <summary>A store on a container of its own, so tests never see each other's blobs.</summary>
    public AzureBlobStore NewStore(AzureBlobStoreOptions? options = null, HttpPipelineTransport? transport = null, string? container = null)
    {
        options ??= new AzureBlobStoreOptions();
        options.Container = container ?? NewContainerName();
        return AzureBlobStore.FromConnectionString(ConnectionString, options, transport: transport);
    }

    public static string NewContainerName() => "t-" + Guid.NewGuid().ToString("N")[..20];

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

// Not parallel with other collections: the large-artifact test measures this process's allocations.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
