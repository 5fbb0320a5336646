using Microfactory.Storage.Tests.Contract;

namespace Microfactory.Storage.AzureBlob.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreContractTests(AzuriteFixture azurite) : BlobStoreContract
{
    private readonly string _container = AzuriteFixture.NewContainerName();
    private AzureBlobStore? _store;

    protected override IBlobStore Store => _store ??= azurite.NewStore(_container);

    // Another node: its own SDK client and connections on the same container; only Azure's ETag checks keep them apart.
    protected override IBlobStore OpenAnotherStore() => azurite.NewStore(_container);
}
