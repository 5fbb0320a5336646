using System.Text;
using Azure.Core.Pipeline;
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
        var store = azurite.NewStore(new AzureBlobStoreOptions { ListPageSize = 2 }, new HttpClientTransport(new HttpClient(counter)));
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
    public async Task Keys_with_every_allowed_punctuation_round_trip_through_urls_and_signatures()
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
    public async Task A_lease_excludes_other_writers_and_other_lessees_until_released_or_broken()
    {
        var store = azurite.NewStore();
        var other = azurite.NewStore(container: null);
        await store.PutAsync("lock/rollout", "v"u8.ToArray(), WriteCondition.None).Within("put");

        var leaseId = await store.AcquireLeaseAsync("lock/rollout", TimeSpan.FromSeconds(15)).Within("acquire");

        var blockedWrite = await Assert.ThrowsAsync<StoreConflictException>(
            () => store.PutAsync("lock/rollout", "w"u8.ToArray(), WriteCondition.None)).Within("write without the lease");
        Assert.Equal(StoreConflictKind.PreconditionFailed, blockedWrite.Kind);
        Assert.Contains("LeaseIdMissing", blockedWrite.Message, StringComparison.Ordinal);

        var leasedEtag = await store.PutLeasedAsync("lock/rollout", "by-holder"u8.ToArray(), leaseId, WriteCondition.None).Within("write as the holder");
        Assert.Equal(leasedEtag, (await store.GetAsync("lock/rollout").Within("get"))!.ETag);
        var wrongLease = await Assert.ThrowsAsync<StoreConflictException>(
            () => store.PutLeasedAsync("lock/rollout", "x"u8.ToArray(), Guid.NewGuid().ToString(), WriteCondition.None)).Within("write with another lease id");
        Assert.Equal(StoreConflictKind.PreconditionFailed, wrongLease.Kind);

        var taken = await Assert.ThrowsAsync<BlobLeaseException>(
            () => store.AcquireLeaseAsync("lock/rollout", TimeSpan.FromSeconds(15))).Within("second acquire");
        Assert.Equal("LeaseAlreadyPresent", taken.ErrorCode);

        await store.RenewLeaseAsync("lock/rollout", leaseId).Within("renew");
        await store.ReleaseLeaseAsync("lock/rollout", leaseId).Within("release");
        var second = await store.AcquireLeaseAsync("lock/rollout", Timeout.InfiniteTimeSpan).Within("acquire after release");
        Assert.NotEqual(leaseId, second);

        var wait = await store.BreakLeaseAsync("lock/rollout", TimeSpan.Zero).Within("break");
        Assert.Equal(TimeSpan.Zero, wait);
        var renewAfterBreak = await Assert.ThrowsAsync<BlobLeaseException>(() => store.RenewLeaseAsync("lock/rollout", second)).Within("renew a broken lease");
        Assert.StartsWith("Lease", renewAfterBreak.ErrorCode, StringComparison.Ordinal);
        await store.AcquireLeaseAsync("lock/rollout", TimeSpan.FromSeconds(15)).Within("acquire after break");

        var missing = await Assert.ThrowsAsync<BlobLeaseException>(() => other.AcquireLeaseAsync("lock/none", TimeSpan.FromSeconds(15))).Within("lease a missing blob");
        Assert.Contains("NotFound", missing.ErrorCode, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_account_key_makes_the_store_unavailable_with_the_reason()
    {
        var wrongKey = Convert.ToBase64String(Encoding.ASCII.GetBytes("not-the-account-key-not-the-account-key-12345678"));
        var connectionString = azurite.ConnectionString.Replace(StorageConnectionString.DevelopmentAccountKey, wrongKey, StringComparison.Ordinal);
        var store = AzureBlobStore.FromConnectionString(connectionString, new AzureBlobStoreOptions { Container = AzuriteFixture.NewContainerName() });

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
