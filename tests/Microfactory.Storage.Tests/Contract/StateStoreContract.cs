using System.Globalization;
using System.Text;
using Microfactory.Testing;

namespace Microfactory.Storage.Tests.Contract;

/// <summary>
/// What the grain host relies on from where grain state lives (a blob per grain): ETag conditions, deletes, ordered scans, reads that see writes finished elsewhere, and no lost update
/// between nodes. Each backend's test class derives from this; the Azure test project compiles it in too.
/// </summary>
public abstract class StateStoreContract
{
    protected readonly string Root = "state-" + Guid.NewGuid().ToString("N")[..12];

    protected abstract IStateStore Store { get; }

    /// <summary>The same state as another orchestrator node opens it (its own instance, its own memory).</summary>
    protected abstract IStateStore OpenAnotherStore();

    protected string Key(string name) => $"{Root}/{name}";

    protected static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    protected static string Text(StoredBlob? blob) => Encoding.UTF8.GetString(Assert.IsType<StoredBlob>(blob).Content.Span);

    [Fact]
    public async Task A_missing_document_reads_as_null()
    {
        Assert.Null(await Store.GetAsync(Key("missing")).Within("read of a missing document"));
    }

    [Fact]
    public async Task A_write_round_trips_with_its_etag_and_every_write_changes_the_etag()
    {
        var first = await Store.PutAsync(Key("a"), Bytes("one"), WriteCondition.IfNotExists).Within("create");
        var second = await Store.PutAsync(Key("a"), Bytes("one"), WriteCondition.IfMatches(first)).Within("same content again");

        var read = await Store.GetAsync(Key("a")).Within("read");

        Assert.NotEqual(first, second);
        Assert.Equal("one", Text(read));
        Assert.Equal(second, read!.ETag);
    }

    [Fact]
    public async Task Create_twice_fails_with_409_and_keeps_the_first()
    {
        await Store.PutAsync(Key("b"), Bytes("first"), WriteCondition.IfNotExists).Within("first create");

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() => Store.PutAsync(Key("b"), Bytes("second"), WriteCondition.IfNotExists));

        Assert.Equal(StoreConflictKind.AlreadyExists, conflict.Kind);
        Assert.Equal("first", Text(await Store.GetAsync(Key("b"))));
    }

    [Fact]
    public async Task A_stale_etag_fails_with_412_and_keeps_the_winner()
    {
        var read = await Store.PutAsync(Key("c"), Bytes("v1"), WriteCondition.IfNotExists).Within("create");
        await Store.PutAsync(Key("c"), Bytes("winner"), WriteCondition.IfMatches(read)).Within("winning write");

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() => Store.PutAsync(Key("c"), Bytes("loser"), WriteCondition.IfMatches(read)));
        var onMissing = await Assert.ThrowsAsync<StoreConflictException>(() => Store.PutAsync(Key("never"), Bytes("x"), WriteCondition.IfMatches(read)));

        Assert.Equal(StoreConflictKind.PreconditionFailed, conflict.Kind);
        Assert.Equal(StoreConflictKind.PreconditionFailed, onMissing.Kind);
        Assert.Equal("winner", Text(await Store.GetAsync(Key("c"))));
        Assert.Null(await Store.GetAsync(Key("never")));
    }

    [Fact]
    public async Task Deletes_need_the_current_etag_and_say_whether_there_was_a_document()
    {
        var etag = await Store.PutAsync(Key("d"), Bytes("x"), WriteCondition.IfNotExists).Within("create");
        var newer = await Store.PutAsync(Key("d"), Bytes("y"), WriteCondition.IfMatches(etag)).Within("update");

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.DeleteAsync(Key("d"), WriteCondition.IfMatches(etag)));
        Assert.True(await Store.DeleteAsync(Key("d"), WriteCondition.IfMatches(newer)).Within("delete"));
        Assert.False(await Store.DeleteAsync(Key("d"), WriteCondition.None).Within("delete of nothing"));
        Assert.Null(await Store.GetAsync(Key("d")));

        // Gone means gone: it can be created again, and the old ETag matches nothing.
        await Store.PutAsync(Key("d"), Bytes("again"), WriteCondition.IfNotExists).Within("re-create");
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.PutAsync(Key("d"), Bytes("z"), WriteCondition.IfMatches(newer)));
    }

    [Fact]
    public async Task Scan_returns_the_prefix_in_ordinal_order_with_contents()
    {
        foreach (var name in new[] { "s/b", "s/a", "s/C", "t/a" })
        {
            await Store.PutAsync(Key(name), Bytes(name), WriteCondition.IfNotExists).Within("create " + name);
        }

        var rows = new List<(string Key, StoredBlob Document)>();
        await foreach (var row in Store.ScanAsync(Key("s/")))
        {
            rows.Add(row);
        }

        Assert.Equal([Key("s/C"), Key("s/a"), Key("s/b")], rows.Select(r => r.Key));
        Assert.Equal(["s/C", "s/a", "s/b"], rows.Select(r => Encoding.UTF8.GetString(r.Document.Content.Span)));
    }

    [Fact]
    public async Task A_write_finished_on_one_node_is_seen_by_a_read_that_starts_later_on_another()
    {
        var other = OpenAnotherStore();
        Assert.Null(await other.GetAsync(Key("e")).Within("first read on the other node"));

        var etag = await Store.PutAsync(Key("e"), Bytes("fresh"), WriteCondition.IfNotExists).Within("write here");
        var seen = await other.GetAsync(Key("e")).Within("read there");

        Assert.Equal("fresh", Text(seen));
        Assert.Equal(etag, seen!.ETag);
        await other.PutAsync(Key("e"), Bytes("from the other"), WriteCondition.IfMatches(etag)).Within("write there with that etag");
        Assert.Equal("from the other", Text(await Store.GetAsync(Key("e")).Within("read back here")));
    }

    [Fact]
    public async Task An_unconditional_delete_removes_a_document_created_on_another_node_after_this_one_last_read()
    {
        var other = OpenAnotherStore();
        Assert.Null(await other.GetAsync(Key("d")).Within("first read on the other node"));

        await Store.PutAsync(Key("d"), Bytes("created here"), WriteCondition.IfNotExists).Within("create here");

        Assert.True(await other.DeleteAsync(Key("d"), WriteCondition.None).Within("unconditional delete there"));
        Assert.Null(await Store.GetAsync(Key("d")).Within("read back here"));
    }

    [Fact]
    public async Task Concurrent_conditional_increments_from_several_nodes_lose_no_update()
    {
        const int nodes = 3, workersPerNode = 4, incrementsPerWorker = 10;
        var key = Key("counter");
        var instances = new[] { Store }.Concat(Enumerable.Range(1, nodes - 1).Select(_ => OpenAnotherStore())).ToArray();

        async Task IncrementAsync(IStateStore store)
        {
            for (var i = 0; i < incrementsPerWorker; i++)
            {
                while (true)
                {
                    var current = await store.GetAsync(key);
                    var value = current is null ? 0 : int.Parse(Encoding.UTF8.GetString(current.Content.Span), CultureInfo.InvariantCulture);
                    try
                    {
                        await store.PutAsync(key, Bytes((value + 1).ToString(CultureInfo.InvariantCulture)),
                            current is null ? WriteCondition.IfNotExists : WriteCondition.IfMatches(current.ETag));
                        break;
                    }
                    catch (StoreConflictException)
                    {
                        // another writer won this round: re-read and try again, as the grain host does
                    }
                }
            }
        }

        var workers = instances.SelectMany(s => Enumerable.Range(0, workersPerNode).Select(_ => Task.Run(() => IncrementAsync(s))));
        await Task.WhenAll(workers).Within("all increments", TimeSpan.FromSeconds(90));

        foreach (var instance in instances)
        {
            Assert.Equal((nodes * workersPerNode * incrementsPerWorker).ToString(CultureInfo.InvariantCulture), Text(await instance.GetAsync(key).Within("final read")));
        }
    }
}
