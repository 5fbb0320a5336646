using Azure;
using Azure.Storage.Blobs;
using Microfactory.Storage.AzureBlob.Tests;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Microfactory.GrainStorage.Tests;

/// <summary>Production: Orleans' own Azure Blob grain storage, against a real Azurite.</summary>
public sealed class AzureBlobGrainStorageContractTests(AzuriteForGrainStorage azurite) : GrainStorageContract, IClassFixture<AzuriteForGrainStorage>
{
    private readonly string _container = "g-" + Guid.NewGuid().ToString("N")[..20];

    protected override void AddStorage(ISiloBuilder silo) =>
        silo.AddAzureBlobGrainStorageWithScan(StorageSilo.ProviderName, _ => azurite.Client, _container);

    protected override async Task<string?> ReadRawAsync(GrainId grainId)
    {
        try
        {
            var blob = azurite.Client.GetBlobContainerClient(_container).GetBlobClient($"{GrainStateKeys.DefaultStateName}-{grainId}.json");
            return (await blob.DownloadContentAsync()).Value.Content.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}

/// <summary>One Azurite for the class; each test uses its own container.</summary>
public sealed class AzuriteForGrainStorage : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public BlobServiceClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        // A short network timeout: the SDK's default (100 s, retried) turns a stuck request into minutes of silence.
        var options = new BlobClientOptions { Retry = { NetworkTimeout = TimeSpan.FromSeconds(10), MaxRetries = 2 } };
        Client = new BlobServiceClient(_azurite.ConnectionString, options);
    }

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
