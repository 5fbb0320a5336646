using Microfactory.Storage.Journal;
using Microfactory.Storage.Tests.Contract;

namespace Microfactory.Storage.AzureBlob.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AzureAppendBlobContractTests(AzuriteFixture azurite) : AppendBlobContract
{
    private readonly string _container = AzuriteFixture.NewContainerName();

    protected override IAppendBlobs Appends => field ??= azurite.NewStore(container: _container);

    protected override IAppendBlobs OpenAnother() => azurite.NewStore(container: _container);
}

/// <summary>The grain-state promises with the journal on a real Azurite; each node its own journal and HTTP pipeline.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureJournaledStateStoreContractTests(AzuriteFixture azurite) : StateStoreContract
{
    private readonly string _container = AzuriteFixture.NewContainerName();

    protected override IStateStore Store => field ??= OpenAnotherStore();

    protected override IStateStore OpenAnotherStore() => new JournaledStateStore(azurite.NewStore(container: _container));
}

/// <summary>The same with segments sealed every few appends: seals, snapshots (block uploads) and collection on Azure.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureJournaledStateStoreWithTinySegmentsContractTests(AzuriteFixture azurite) : StateStoreContract
{
    private readonly string _container = AzuriteFixture.NewContainerName();

    protected override IStateStore Store => field ??= OpenAnotherStore();

    protected override IStateStore OpenAnotherStore() =>
        new JournaledStateStore(azurite.NewStore(container: _container), new JournalOptions { SegmentBytes = 1024, SegmentAppends = 4 });
}

/// <summary>Grain state as a blob per grain on Azurite (the layout the grain host used before the journal).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStateStoreContractTests(AzuriteFixture azurite) : StateStoreContract
{
    private readonly string _container = AzuriteFixture.NewContainerName();

    protected override IStateStore Store => field ??= OpenAnotherStore();

    protected override IStateStore OpenAnotherStore() => new BlobStateStore(azurite.NewStore(container: _container));
}
