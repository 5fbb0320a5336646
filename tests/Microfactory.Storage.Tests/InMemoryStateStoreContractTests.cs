using Microfactory.Storage.Tests.Contract;

namespace Microfactory.Storage.Tests;

public sealed class BlobStateStoreContractTests : StateStoreContract
{
    private readonly InMemoryBlobStore _store = new();

    protected override IStateStore Store => field ??= new BlobStateStore(_store);

    protected override IStateStore OpenAnotherStore() => new BlobStateStore(_store);
}
