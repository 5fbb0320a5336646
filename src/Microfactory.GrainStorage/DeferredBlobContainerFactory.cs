using Azure.Storage.Blobs;
using Orleans.Runtime;
using Orleans.Storage;

namespace Microfactory.GrainStorage;

/// <summary>
/// The grain-state container for Orleans' Azure Blob provider, created at silo start when the account answers. An
/// account that does not answer (wrong key, unreachable) no longer stops the silo: the node starts unready, /readyz
/// and the start-up log say why (the store's own checks), and the provider creates the container on the first write
/// once the account works, as it does for a container deleted under it.
/// </summary>
internal sealed class DeferredBlobContainerFactory(string containerName) : IBlobContainerFactory
{
    private BlobContainerClient? _container;

    public BlobContainerClient GetBlobContainerClient(GrainId grainId) =>
        _container ?? throw new InvalidOperationException("The grain state container is used before the silo initialised its storage.");

    public async Task InitializeAsync(BlobServiceClient client)
    {
        _container = client.GetBlobContainerClient(containerName);
        try
        {
            await _container.CreateIfNotExistsAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or AggregateException)
        {
            // reported by the store's readiness check; writes create the container once the account answers
        }
    }
}
