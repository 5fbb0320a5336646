using System.Text.Json;
using Microfactory.Testing;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace Microfactory.GrainStorage.Tests;

/// <summary>
/// What every grain storage provider the orchestrator can be configured with must do, as Orleans defines it: ETags
/// that make every write conditional, clear, state that outlives the silo, no lost update between concurrent writers,
/// JSON ops can read, and a scan that finds every stored state. Each provider's test class derives from this.
/// </summary>
public abstract class GrainStorageContract : IAsyncLifetime
{
    private const string State = GrainStateKeys.DefaultStateName;
    private StorageSilo? _silo;

    protected StorageSilo Silo => _silo ?? throw new InvalidOperationException("not started");

    /// <summary>Registers the provider under <see cref="StorageSilo.ProviderName"/>, over this test's one store.</summary>
    protected abstract void AddStorage(ISiloBuilder silo);

    /// <summary>The bytes the provider stored for the grain, read straight from its store.</summary>
    protected abstract Task<string?> ReadRawAsync(GrainId grainId);

    public virtual async Task InitializeAsync() => _silo = await StorageSilo.StartAsync(AddStorage);

    public virtual async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }

    private static GrainId Counter(string key) => GrainId.Create("counter", key);

    private Task<GrainState<CounterState>> ReadAsync(GrainId id) => ReadAsync(Silo.Storage, id);

    private static async Task<GrainState<CounterState>> ReadAsync(IGrainStorage storage, GrainId id)
    {
        var state = new GrainState<CounterState>();
        await storage.ReadStateAsync(State, id, state).Within($"read {id}");
        return state;
    }

    [Fact]
    public async Task A_grain_never_written_reads_as_no_record_with_no_etag()
    {
        var state = await ReadAsync(Counter("never"));

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State!.Count);
    }

    [Fact]
    public async Task A_write_is_read_back_with_the_etag_it_returned()
    {
        var id = Counter("written");
        var state = await ReadAsync(id);
        state.State = new CounterState { Count = 3, Note = "three", Shade = Shade.Bright, Seen = ["a", "b"] };

        await Silo.Storage.WriteStateAsync(State, id, state).Within("write");
        var back = await ReadAsync(id);

        Assert.True(state.RecordExists);
        Assert.False(string.IsNullOrEmpty(state.ETag));
        Assert.True(back.RecordExists);
        Assert.Equal(state.ETag, back.ETag);
        Assert.Equal((3, "three", Shade.Bright), (back.State!.Count, back.State!.Note, back.State!.Shade));
        Assert.Equal(["a", "b"], back.State!.Seen);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var id = Counter("stale");
        var first = await ReadAsync(id);
        first.State!.Count = 1;
        await Silo.Storage.WriteStateAsync(State, id, first).Within("first write");
        var stale = await ReadAsync(id);
        first.State!.Count = 2;
        await Silo.Storage.WriteStateAsync(State, id, first).Within("second write");

        stale.State!.Count = 99;
        await Assert.ThrowsAsync<InconsistentStateException>(() => Silo.Storage.WriteStateAsync(State, id, stale)).Within("stale write");

        Assert.Equal(2, (await ReadAsync(id)).State!.Count);
    }

    [Fact]
    public async Task Creating_a_state_someone_else_created_first_is_refused()
    {
        var id = Counter("created-twice");
        var mine = await ReadAsync(id);
        var theirs = await ReadAsync(id);
        theirs.State!.Note = "theirs";
        await Silo.Storage.WriteStateAsync(State, id, theirs).Within("their create");

        mine.State!.Note = "mine";
        await Assert.ThrowsAsync<InconsistentStateException>(() => Silo.Storage.WriteStateAsync(State, id, mine)).Within("my create");

        Assert.Equal("theirs", (await ReadAsync(id)).State!.Note);
    }

    [Fact]
    public async Task Clear_removes_the_state_and_a_stale_clear_is_refused()
    {
        var id = Counter("cleared");
        var state = await ReadAsync(id);
        state.State!.Count = 5;
        await Silo.Storage.WriteStateAsync(State, id, state).Within("write");
        var stale = await ReadAsync(id);
        state.State!.Count = 6;
        await Silo.Storage.WriteStateAsync(State, id, state).Within("rewrite");

        await Assert.ThrowsAsync<InconsistentStateException>(() => Silo.Storage.ClearStateAsync(State, id, stale)).Within("stale clear");
        Assert.Equal(6, (await ReadAsync(id)).State!.Count);

        await Silo.Storage.ClearStateAsync(State, id, state).Within("clear");
        var after = await ReadAsync(id);

        Assert.False(state.RecordExists);
        Assert.False(after.RecordExists);
        Assert.Equal(0, after.State!.Count);
        Assert.Null(await ReadRawAsync(id));

        // A cleared grain starts again from nothing: it can be created anew.
        after.State!.Count = 1;
        await Silo.Storage.WriteStateAsync(State, id, after).Within("write after clear");
        Assert.Equal(1, (await ReadAsync(id)).State!.Count);
    }

    [Fact]
    public async Task State_outlives_the_silo()
    {
        var id = Counter("restart");
        var state = await ReadAsync(id);
        state.State = new CounterState { Count = 7, Note = "before the restart" };
        await Silo.Storage.WriteStateAsync(State, id, state).Within("write");

        await _silo!.DisposeAsync();
        _silo = null;
        await using var restarted = await StorageSilo.StartAsync(AddStorage);
        var back = await ReadAsync(restarted.Storage, id);

        Assert.True(back.RecordExists);
        Assert.Equal(state.ETag, back.ETag);
        Assert.Equal((7, "before the restart"), (back.State!.Count, back.State!.Note));

        // And the ETag still guards writes after the restart.
        back.State!.Count = 8;
        await restarted.Storage.WriteStateAsync(State, id, back).Within("write after restart");
        state.State!.Count = 100;
        await Assert.ThrowsAsync<InconsistentStateException>(() => restarted.Storage.WriteStateAsync(State, id, state)).Within("write with the pre-restart etag");
    }

    [Fact]
    public async Task Concurrent_writers_lose_no_update()
    {
        const int writers = 4;
        const int increments = 15;
        var id = Counter("contended");
        var conflicts = 0;
        var readers = 0;
        var allHaveRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task IncrementAsync()
        {
            for (var i = 0; i < increments; i++)
            {
                while (true)
                {
                    var state = await ReadAsync(id);
                    if (i == 0 && Interlocked.Increment(ref readers) <= writers)
                    {
                        // Every writer holds the same version before the first write: a race is certain, not hoped for.
                        if (Volatile.Read(ref readers) == writers)
                        {
                            allHaveRead.TrySetResult();
                        }

                        await allHaveRead.Task;
                    }

                    state.State!.Count++;
                    try
                    {
                        await Silo.Storage.WriteStateAsync(State, id, state);
                        break;
                    }
                    catch (InconsistentStateException)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(IncrementAsync))).Within("every increment", TimeSpan.FromMinutes(1));

        Assert.Equal(writers * increments, (await ReadAsync(id)).State!.Count);
        Assert.True(conflicts >= writers - 1, $"all but one of the writers holding the first version must have lost a race (saw {conflicts} conflicts)");
    }

    [Fact]
    public async Task State_is_stored_as_readable_json()
    {
        var id = Counter("json");
        var state = await ReadAsync(id);
        state.State = new CounterState { Count = 2, Shade = Shade.Bright };
        await Silo.Storage.WriteStateAsync(State, id, state).Within("write");

        var raw = await ReadRawAsync(id) ?? throw new InvalidOperationException("nothing stored");
        using var document = JsonDocument.Parse(raw);

        Assert.Equal(2, document.RootElement.GetProperty("count").GetInt32());
        Assert.Equal("Bright", document.RootElement.GetProperty("shade").GetString());
        Assert.False(document.RootElement.TryGetProperty("note", out _), "nulls are left out");
    }

    [Fact]
    public async Task The_scan_finds_every_stored_state_of_a_type_and_nothing_cleared()
    {
        var type = "scanned" + Guid.NewGuid().ToString("N")[..8];
        var keys = Enumerable.Range(0, 25).Select(i => $"k-{i:00}").Append("site-1/cell-2").ToList();
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            var id = GrainId.Create(type, key);
            var state = await ReadAsync(id);
            state.State!.Count = i;
            await Silo.Storage.WriteStateAsync(State, id, state).Within($"write {key}");
            if (key == "k-03")
            {
                await Silo.Storage.ClearStateAsync(State, id, state).Within("clear k-03");
            }
        }

        var other = GrainId.Create(type + "x", "k-00");
        await Silo.Storage.WriteStateAsync(State, other, new GrainState<CounterState>(new CounterState { Count = -1 })).Within("write another type");

        var found = new Dictionary<string, int>();
        await foreach (var (key, state) in Silo.Scanner.ScanAsync<CounterState>(type, CancellationToken.None))
        {
            found.Add(key, state.Count);
        }

        var expected = keys.Select((k, i) => (k, i)).Where(x => x.k != "k-03").ToDictionary(x => x.k, x => x.i);
        Assert.Equal(expected.OrderBy(x => x.Key), found.OrderBy(x => x.Key));
    }
}
