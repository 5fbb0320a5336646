using Azure.Core.Pipeline;
using Microfactory.Storage.Tests.Contract;
using Microfactory.Testing;
using Xunit.Abstractions;

namespace Microfactory.Storage.AzureBlob.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class LargeArtifactTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task A_200_MB_artifact_goes_up_in_blocks_and_down_by_ranges_without_ever_sitting_in_memory()
    {
        const long size = 200L * 1024 * 1024;
        const int blockSize = 4 * 1024 * 1024;
        var counter = new CountingHandler();
        var options = AzuriteFixture.TestOptions();
        options.BlockSize = blockSize;
        options.DownloadRangeSize = blockSize;
        options.Transport = new HttpClientTransport(new HttpClient(counter));
        var store = azurite.NewStore(options);
        var expected = await GeneratedStream.Sha256Async(size, seed: 42).Within("hash of the generated artifact", TimeSpan.FromSeconds(60));
        await store.CheckReadyAsync().Within("container creation");

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var etag = await store.UploadAsync("artifacts/big.bin", new GeneratedStream(size, seed: 42), WriteCondition.IfNotExists)
            .Within("200 MB upload", TimeSpan.FromMinutes(3));
        byte[] actual;
        await using (var download = (await store.OpenReadAsync("artifacts/big.bin").Within("open the download"))!)
        {
            Assert.Equal(size, download.Length);
            actual = await GeneratedStream.Sha256Async(download).Within("200 MB download and hash", TimeSpan.FromMinutes(3));
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        output.WriteLine($"200 MB round trip allocated {allocated / (1024.0 * 1024):F1} MB in this process");

        Assert.Equal(expected, actual);
        Assert.Equal(etag, (await ToListAsync(store.ListAsync("artifacts/big.bin"))).Single().ETag);
        Assert.Equal(50, counter.Count("PUT", "comp=block&"));
        Assert.Equal(1, counter.Count("PUT", "comp=blocklist"));
        Assert.Equal(1, counter.Count("HEAD", "/artifacts/big.bin")); // the SDK's OpenRead learns the length and ETag first
        Assert.Equal(50, counter.Count("GET", "/artifacts/big.bin"));
        // Everything allocated, not just what was live at once, stays far below the artifact, so it was never held
        // whole: the SDK's pooled upload blocks (about UploadParallelism + 1 of 4 MiB), its 4 MiB download buffer, and HTTP buffers.
        Assert.True(allocated < 64L * 1024 * 1024, $"the round trip allocated {allocated:N0} bytes; a 200 MB artifact must stream");
    }

    private static async Task<List<BlobEntry>> ToListAsync(IAsyncEnumerable<BlobEntry> rows)
    {
        var list = new List<BlobEntry>();
        await foreach (var row in rows)
        {
            list.Add(row);
        }

        return list;
    }
}
