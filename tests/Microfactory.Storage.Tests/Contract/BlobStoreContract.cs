using System.Globalization;
using System.Text;
using Microfactory.Testing;

namespace Microfactory.Storage.Tests.Contract;

/// <summary>
/// What every backend promises the grain host: Azure Blob's ETag rules, prefix listing in ordinal order, streaming,
/// key validation, and exact results under concurrent conditional writers. Each backend's test class derives from this;
/// the Azure test project compiles this file in too. Every test works under its own key prefix, so a backend whose
/// data outlives a test (a shared Azurite container) still gives each test a clean slate.
/// </summary>
public abstract class BlobStoreContract
{
    protected readonly string Root = "contract-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The store under test.</summary>
    protected abstract IBlobStore Store { get; }

    /// <summary>Another store over the same data, as a second orchestrator process would open it.</summary>
    protected abstract IBlobStore OpenAnotherStore();

    private string Key(string name) => $"{Root}/{name}";

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public async Task Get_of_a_missing_blob_returns_null()
    {
        Assert.Null(await Store.GetAsync(Key("missing")).Within("get of a missing blob"));
        Assert.Null(await Store.OpenReadAsync(Key("missing")).Within("open-read of a missing blob"));
    }

    [Fact]
    public async Task Put_then_get_round_trips_content_and_etag()
    {
        var etag = await Store.PutAsync(Key("a"), Bytes("hello"), WriteCondition.None).Within("put");

        var blob = await Store.GetAsync(Key("a")).Within("get");

        Assert.NotNull(blob);
        Assert.Equal("hello", Encoding.UTF8.GetString(blob.Content.Span));
        Assert.Equal(etag, blob.ETag);
    }

    [Fact]
    public async Task An_empty_blob_round_trips()
    {
        var etag = await Store.PutAsync(Key("empty"), ReadOnlyMemory<byte>.Empty, WriteCondition.IfNotExists).Within("put of an empty blob");

        var blob = await Store.GetAsync(Key("empty")).Within("get of an empty blob");

        Assert.NotNull(blob);
        Assert.Equal(0, blob.Content.Length);
        Assert.Equal(etag, blob.ETag);
    }

    [Fact]
    public async Task Every_write_changes_the_etag_even_with_the_same_content()
    {
        var first = await Store.PutAsync(Key("a"), Bytes("same"), WriteCondition.None).Within("first put");
        var second = await Store.PutAsync(Key("a"), Bytes("same"), WriteCondition.IfMatches(first)).Within("second put");

        Assert.NotEqual(first, second);
        Assert.Equal(second, (await Store.GetAsync(Key("a")).Within("get"))!.ETag);
    }

    [Fact]
    public async Task If_not_exists_twice_fails_the_second_time_with_409_and_keeps_the_first()
    {
        await Store.PutAsync(Key("a"), Bytes("first"), WriteCondition.IfNotExists).Within("first create");

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.PutAsync(Key("a"), Bytes("second"), WriteCondition.IfNotExists)).Within("second create");

        Assert.Equal(StoreConflictKind.AlreadyExists, conflict.Kind);
        Assert.Equal(Key("a"), conflict.Key);
        Assert.Equal("first", Encoding.UTF8.GetString((await Store.GetAsync(Key("a")).Within("get"))!.Content.Span));
    }

    [Fact]
    public async Task A_stale_if_match_fails_with_412_and_keeps_the_winner()
    {
        var read = await Store.PutAsync(Key("a"), Bytes("v1"), WriteCondition.None).Within("put v1");
        await Store.PutAsync(Key("a"), Bytes("v2"), WriteCondition.IfMatches(read)).Within("put v2 by the winner");

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.PutAsync(Key("a"), Bytes("v2-loser"), WriteCondition.IfMatches(read))).Within("stale put");

        Assert.Equal(StoreConflictKind.PreconditionFailed, conflict.Kind);
        Assert.Equal("v2", Encoding.UTF8.GetString((await Store.GetAsync(Key("a")).Within("get"))!.Content.Span));
    }

    [Fact]
    public async Task If_match_on_a_missing_blob_fails_with_412_and_creates_nothing()
    {
        var etag = await Store.PutAsync(Key("other"), Bytes("x"), WriteCondition.None).Within("put of another blob");

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.PutAsync(Key("missing"), Bytes("x"), WriteCondition.IfMatches(etag))).Within("put if-match on a missing blob");

        Assert.Equal(StoreConflictKind.PreconditionFailed, conflict.Kind);
        Assert.Null(await Store.GetAsync(Key("missing")).Within("get"));
    }

    [Fact]
    public async Task Unconditional_delete_removes_a_blob_and_reports_whether_it_existed()
    {
        await Store.PutAsync(Key("a"), Bytes("x"), WriteCondition.None).Within("put");

        Assert.True(await Store.DeleteAsync(Key("a"), WriteCondition.None).Within("delete of an existing blob"));
        Assert.Null(await Store.GetAsync(Key("a")).Within("get after delete"));
        Assert.False(await Store.DeleteAsync(Key("a"), WriteCondition.None).Within("delete of a missing blob"));
    }

    [Fact]
    public async Task Conditional_delete_needs_the_current_etag()
    {
        var old = await Store.PutAsync(Key("a"), Bytes("v1"), WriteCondition.None).Within("put v1");
        var current = await Store.PutAsync(Key("a"), Bytes("v2"), WriteCondition.None).Within("put v2");

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.DeleteAsync(Key("a"), WriteCondition.IfMatches(old))).Within("delete with a stale etag");
        Assert.Equal(StoreConflictKind.PreconditionFailed, conflict.Kind);
        Assert.NotNull(await Store.GetAsync(Key("a")).Within("get after the refused delete"));

        Assert.True(await Store.DeleteAsync(Key("a"), WriteCondition.IfMatches(current)).Within("delete with the current etag"));
        var gone = await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.DeleteAsync(Key("a"), WriteCondition.IfMatches(current))).Within("conditional delete of a deleted blob");
        Assert.Equal(StoreConflictKind.PreconditionFailed, gone.Kind);
    }

    [Fact]
    public async Task List_returns_prefix_matches_in_ordinal_order_with_etags_and_lengths()
    {
        var etags = new Dictionary<string, string>();
        foreach (var name in new[] { "x/b", "x/a", "x/a/deep", "xy/c", "y", "x/B", "x/a-1" })
        {
            etags[Key(name)] = await Store.PutAsync(Key(name), Bytes(name), WriteCondition.None).Within($"put {name}");
        }

        var underX = await ListAsync(Key("x/"));
        var startingWithX = await ListAsync(Key("x"));

        // Ordinal: 'B' (0x42) < 'a' (0x61); '-' (0x2D) < '/' (0x2F) < 'y' (0x79).
        Assert.Equal(new[] { "x/B", "x/a", "x/a-1", "x/a/deep", "x/b" }.Select(Key), underX.Select(e => e.Key));
        Assert.Equal(new[] { "x/B", "x/a", "x/a-1", "x/a/deep", "x/b", "xy/c" }.Select(Key), startingWithX.Select(e => e.Key));
        Assert.All(startingWithX, e =>
        {
            Assert.Equal(etags[e.Key], e.ETag);
            Assert.Equal(e.Key.Length - Root.Length - 1, e.Length);
        });
        Assert.Empty(await ListAsync(Key("z")));
    }

    [Fact]
    public async Task Upload_and_open_read_stream_a_multi_megabyte_blob()
    {
        const long size = 5 * 1024 * 1024 + 123;
        var etag = await Store.UploadAsync(Key("artifact"), new GeneratedStream(size, seed: 7), WriteCondition.IfNotExists).Within("upload");

        var stream = await Store.OpenReadAsync(Key("artifact")).Within("open-read");
        Assert.NotNull(stream);
        await using (stream)
        {
            Assert.Equal(await GeneratedStream.Sha256Async(size, seed: 7), await GeneratedStream.Sha256Async(stream).Within("hash of the download"));
        }

        var listed = Assert.Single(await ListAsync(Key("artifact")));
        Assert.Equal(size, listed.Length);
        Assert.Equal(etag, listed.ETag);

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.UploadAsync(Key("artifact"), new GeneratedStream(10, seed: 1), WriteCondition.IfNotExists)).Within("second upload");
        Assert.Equal(StoreConflictKind.AlreadyExists, conflict.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/leading")]
    [InlineData("trailing/")]
    [InlineData("a//b")]
    [InlineData("a/../b")]
    [InlineData("a/./b")]
    [InlineData("back\\slash")]
    [InlineData("space here")]
    [InlineData("percent%2F")]
    public async Task Invalid_keys_are_rejected_before_touching_the_backend(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync(key)).Within("get");
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, Bytes("x"), WriteCondition.None)).Within("put");
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(key, WriteCondition.None)).Within("delete");
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync(key)).Within("open-read");
        await Assert.ThrowsAsync<ArgumentException>(() => Store.UploadAsync(key, new MemoryStream(), WriteCondition.None)).Within("upload");
    }

    [Fact]
    public async Task Concurrent_conditional_increments_from_several_stores_lose_no_update()
    {
        const int stores = 3, workersPerStore = 4, incrementsPerWorker = 10;
        var key = Key("counter");
        var instances = new[] { Store }.Concat(Enumerable.Range(1, stores - 1).Select(_ => OpenAnotherStore())).ToArray();

        async Task IncrementAsync(IBlobStore store)
        {
            for (var i = 0; i < incrementsPerWorker; i++)
            {
                while (true)
                {
                    var current = await store.GetAsync(key);
                    var value = current is null ? 0 : int.Parse(Encoding.UTF8.GetString(current.Content.Span), CultureInfo.InvariantCulture);
                    var condition = current is null ? WriteCondition.IfNotExists : WriteCondition.IfMatches(current.ETag);
                    try
                    {
                        await store.PutAsync(key, Bytes((value + 1).ToString(CultureInfo.InvariantCulture)), condition);
                        break;
                    }
                    catch (StoreConflictException)
                    {
                        // another writer won this round: re-read and try again, as the grain host does
                    }
                }
            }
        }

        var workers = instances.SelectMany(s => Enumerable.Range(0, workersPerStore).Select(_ => Task.Run(() => IncrementAsync(s))));
        await Task.WhenAll(workers).Within("all increments", TimeSpan.FromSeconds(60));

        var final = await Store.GetAsync(key).Within("final read");
        Assert.Equal((stores * workersPerStore * incrementsPerWorker).ToString(CultureInfo.InvariantCulture), Encoding.UTF8.GetString(final!.Content.Span));
    }

    [Fact]
    public async Task A_ready_store_says_so()
    {
        await Store.CheckReadyAsync().Within("readiness check");
    }

    protected async Task<List<BlobEntry>> ListAsync(string prefix)
    {
        var rows = new List<BlobEntry>();
        await foreach (var row in Store.ListAsync(prefix))
        {
            rows.Add(row);
        }

        return rows;
    }
}
