using System.Text;
using Azure;
using Azure.Core.Pipeline;
using Microfactory.Storage.Tests.Contract;
using Microfactory.Testing;

namespace Microfactory.Storage.AzureBlob.Tests;

/// <summary>What the Azure backend promises beyond the shared contract, checked against the real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Listing_follows_continuation_markers_across_pages()
    {
        var counter = new CountingHandler();
        var options = AzuriteFixture.TestOptions();
        options.ListPageSize = 2;
        options.Transport = new HttpClientTransport(new HttpClient(counter));
        var store = azurite.NewStore(options);
        var names = new[] { "p/g", "p/a", "p/e", "p/c", "p/b", "p/f", "p/d", "q/outside" };
        foreach (var name in names)
        {
            await store.PutAsync(name, Encoding.UTF8.GetBytes(name), WriteCondition.None).Within($"put {name}");
        }

        var listed = new List<string>();
        await foreach (var entry in store.ListAsync("p/"))
        {
            listed.Add(entry.Key);
        }

        Assert.Equal(["p/a", "p/b", "p/c", "p/d", "p/e", "p/f", "p/g"], listed);
        Assert.Equal(4, counter.Count("GET", "comp=list")); // 2 + 2 + 2 + 1
        Assert.Equal(3, counter.Count("GET", "marker="));
    }

    [Fact]
    public async Task The_container_is_created_on_the_first_write_and_reads_before_it_find_nothing()
    {
        var store = azurite.NewStore();

        Assert.Null(await store.GetAsync("site/x").Within("get before the container exists"));
        Assert.Empty(await ToListAsync(store.ListAsync("")));
        await store.PutAsync("site/x", "1"u8.ToArray(), WriteCondition.IfNotExists).Within("first write");

        Assert.Equal("1", Encoding.UTF8.GetString((await store.GetAsync("site/x").Within("get"))!.Content.Span));
    }

    [Fact]
    public async Task Keys_with_every_allowed_punctuation_round_trip_through_urls_and_listings()
    {
        var store = azurite.NewStore();
        const string key = "designs/a-b_c.d~e@f+g=h/v1.2";

        var etag = await store.PutAsync(key, "x"u8.ToArray(), WriteCondition.IfNotExists).Within("put");

        Assert.Equal(etag, (await store.GetAsync(key).Within("get"))!.ETag);
        var listed = Assert.Single(await ToListAsync(store.ListAsync("designs/a-b_c.d~e@f+g")));
        Assert.Equal(key, listed.Key);
        Assert.True(await store.DeleteAsync(key, WriteCondition.IfMatches(etag)).Within("delete"));
    }

    [Fact]
    public async Task A_blob_replaced_mid_download_fails_the_read_instead_of_splicing_two_versions()
    {
        const int range = 64 * 1024;
        var options = AzuriteFixture.TestOptions();
        options.DownloadRangeSize = range;
        var store = azurite.NewStore(options);
        await store.UploadAsync("artifacts/a", new GeneratedStream(4 * range, seed: 1), WriteCondition.IfNotExists).Within("upload");
        await using var download = (await store.OpenReadAsync("artifacts/a").Within("open"))!;
        var buffer = new byte[range];
        await download.ReadExactlyAsync(buffer).AsTask().Within("read the first range");

        await store.PutAsync("artifacts/a", new byte[4 * range], WriteCondition.None).Within("replace the blob");

        var error = await Assert.ThrowsAsync<RequestFailedException>(async () => await download.ReadExactlyAsync(buffer)).Within("read the second range");
        Assert.Equal(412, error.Status);
    }

    [Fact]
    public async Task A_wrong_account_key_makes_the_store_unavailable_with_the_reason()
    {
        var wrongKey = Convert.ToBase64String(Encoding.ASCII.GetBytes("not-the-account-key-not-the-account-key-12345678"));
        var connectionString = azurite.ConnectionString.Replace(AzuriteProcess.AccountKey, wrongKey, StringComparison.Ordinal);
        var store = AzureBlobStore.FromConnectionString(connectionString, AzuriteFixture.TestOptions());

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CheckReadyAsync()).Within("readiness check");

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.Contains("account key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, error.Message, StringComparison.Ordinal);
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
