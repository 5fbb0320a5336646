namespace Microfactory.Storage.AzureBlob.Tests;

/// <summary>One real Azurite for the collection (see <see cref="AzuriteProcess"/>); every store gets a container of its own.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not started.");

    public string ConnectionString => Azurite.ConnectionString;

    /// <summary>The tests' tuning (short network timeout, few retries) on a container of its own, so tests never see each other's blobs.</summary>
    public static AzureBlobStoreOptions TestOptions(string? container = null) => new()
    {
        Container = container ?? NewContainerName(),
        NetworkTimeout = AzuriteProcess.TestNetworkTimeout,
        MaxRetries = AzuriteProcess.TestMaxRetries,
        RetryDelay = TimeSpan.FromMilliseconds(100),
    };

    public AzureBlobStore NewStore(AzureBlobStoreOptions? options = null) =>
        AzureBlobStore.FromConnectionString(ConnectionString, options ?? TestOptions());

    public AzureBlobStore NewStore(string container) => NewStore(TestOptions(container));

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
