using Microfactory.Storage.Tests.Contract;

namespace Microfactory.Storage.Tests;

public sealed class InMemoryBlobStoreContractTests : BlobStoreContract
{
    private readonly InMemoryBlobStore _store = new();

    protected override IBlobStore Store => _store;

    // The in-memory store is one process's data: "another process" can only be the same instance.
    protected override IBlobStore OpenAnotherStore() => _store;
}
