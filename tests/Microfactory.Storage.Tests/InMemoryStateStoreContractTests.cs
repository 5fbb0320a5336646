using Microfactory.Storage.Journal;
using Microfactory.Storage.Tests.Contract;

namespace Microfactory.Storage.Tests;

public sealed class InMemoryAppendBlobContractTests : AppendBlobContract
{
    private readonly InMemoryBlobStore _store = new();

    protected override IAppendBlobs Appends => _store;

    protected override IAppendBlobs OpenAnother() => _store;
}

public sealed class BlobStateStoreContractTests : StateStoreContract
{
    private readonly InMemoryBlobStore _store = new();

    protected override IStateStore Store => field ??= new BlobStateStore(_store);

    protected override IStateStore OpenAnotherStore() => new BlobStateStore(_store);
}

/// <summary>The journal on the in-memory backend; each "node" is its own journal instance over the same blobs.</summary>
public sealed class JournaledStateStoreContractTests : StateStoreContract
{
    private readonly InMemoryBlobStore _store = new();

    protected override IStateStore Store => field ??= new JournaledStateStore(_store);

    protected override IStateStore OpenAnotherStore() => new JournaledStateStore(_store);
}

/// <summary>The same promises while segments fill every few appends: seals, snapshots and collection under load.</summary>
public sealed class JournaledStateStoreWithTinySegmentsContractTests : StateStoreContract
{
    private readonly InMemoryBlobStore _store = new();

    protected override IStateStore Store => field ??= OpenAnotherStore();

    protected override IStateStore OpenAnotherStore() => new JournaledStateStore(_store, new JournalOptions { SegmentBytes = 1024, SegmentAppends = 4 });
}
