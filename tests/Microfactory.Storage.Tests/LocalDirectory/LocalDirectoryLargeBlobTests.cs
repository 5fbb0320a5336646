using Microfactory.Storage.LocalDirectory;
using Microfactory.Storage.Tests.Contract;
using Microfactory.Testing;

namespace Microfactory.Storage.Tests.LocalDirectory;

// Alone, not beside other test classes: the test measures every allocation in this process.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessAllocationCollection
{
    public const string Name = "Measures process allocations";
}

[Collection(ProcessAllocationCollection.Name)]
public sealed class LocalDirectoryLargeBlobTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task A_large_artifact_streams_in_and_out_without_sitting_in_memory()
    {
        const long size = 128L * 1024 * 1024;
        var store = new LocalDirectoryBlobStore(_directory.Path, new LocalDirectoryStoreOptions { DurableWrites = false });
        var expected = await GeneratedStream.Sha256Async(size, seed: 9).Within("hash of the generated artifact", TimeSpan.FromSeconds(60));

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        await store.UploadAsync("artifacts/big", new GeneratedStream(size, seed: 9), WriteCondition.IfNotExists).Within("upload", TimeSpan.FromSeconds(60));
        byte[] actual;
        await using (var read = (await store.OpenReadAsync("artifacts/big").Within("open"))!)
        {
            Assert.Equal(size, read.Length);
            actual = await GeneratedStream.Sha256Async(read).Within("read and hash", TimeSpan.FromSeconds(60));
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.Equal(expected, actual);
        // A buffered store would allocate at least the 128 MB itself.
        Assert.True(allocated < 16L * 1024 * 1024, $"a 128 MB round trip allocated {allocated:N0} bytes");
    }

    public void Dispose() => _directory.Dispose();
}
