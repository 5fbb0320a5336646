using Microfactory.Storage.LocalDirectory;
using Microfactory.Storage.Tests.Contract;

namespace Microfactory.Storage.Tests.LocalDirectory;

public sealed class LocalDirectoryBlobStoreContractTests : BlobStoreContract, IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly LocalDirectoryBlobStore _store;

    public LocalDirectoryBlobStoreContractTests() => _store = new LocalDirectoryBlobStore(_directory.Path);

    protected override IBlobStore Store => _store;

    // A separate instance has its own in-process lock table and its own file handles, so only the OS file lock
    // stands between it and the others: exactly the situation of a second process on the directory.
    protected override IBlobStore OpenAnotherStore() => new LocalDirectoryBlobStore(_directory.Path);

    public void Dispose() => _directory.Dispose();
}
