using Microfactory.Storage.Tests.Contract;

namespace Microfactory.Storage.AzureBlob.Tests;

/// <summary>Grain state as one blob per grain (what the grain host uses until Orleans' own providers take over) on the SDK and a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStateStoreContractTests(AzuriteFixture azurite) : StateStoreContract
{
    private readonly string _container = AzuriteFixture.NewContainerName();

    protected override IStateStore Store => field ??= new BlobStateStore(azurite.NewStore(_container));

    protected override IStateStore OpenAnotherStore() => new BlobStateStore(azurite.NewStore(_container));
}
