using System.Text;
using Microfactory.Storage.Journal;
using Microfactory.Testing;

namespace Microfactory.Storage.Tests.Journal;

/// <summary>
/// Segments collected behind snapshots: a node paused between finding a segment missing and creating it, while the
/// others fill, seal and collect that very segment, must not take its empty copy for the log; and a seal while a
/// snapshot is still being written must still get its own, so the log behind it is collected.
/// </summary>
public sealed class JournalCollectionTests
{
    private static readonly JournalOptions TinySegments = new() { SegmentBytes = 1024, SegmentAppends = 2 };

    private readonly InMemoryBlobStore _blobs = new();

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public async Task A_node_that_recreates_a_collected_segment_at_start_up_reads_the_snapshot_instead()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hooked = new HookedAppendStore(_blobs)
        {
            HoldCreate = key =>
            {
                if (!key.EndsWith("/000000000000", StringComparison.Ordinal) || !held.TrySetResult())
                {
                    return Task.CompletedTask;
                }

                return release.Task;
            },
        };
        var late = new JournaledStateStore(hooked, TinySegments);
        var lateRead = late.GetAsync("grains/order/a"); // finds no snapshot and no segment 0, then pauses before creating it
        await held.Task.Within("the late node to reach the creation of segment 0");

        var busy = new JournaledStateStore(_blobs, TinySegments);
        string? etag = null;
        // Snapshots run beside the writes (one at a time), so write on until one of them has collected segment 0.
        for (var i = 0; i == 0 || await _blobs.ReadAppendedAsync("journal/log/000000000000", 0, 1) is not null; i++)
        {
            Assert.True(i < 200, "segment 0 was never collected");
            etag = await busy.PutAsync("grains/order/a", Bytes($"v{i}"), etag is null ? WriteCondition.IfNotExists : WriteCondition.IfMatches(etag)).Within($"busy write {i}");
        }

        await busy.DisposeAsync().AsTask().Within("the busy node's last snapshot");
        release.SetResult();

        Assert.Equal(etag, (await lateRead.Within("the late node's first read"))?.ETag);
        await Assert.ThrowsAsync<StoreConflictException>(() => late.PutAsync("grains/order/a", Bytes("lost?"), WriteCondition.IfNotExists)).Within("a create of what exists");
        Assert.Equal(etag, (await new JournaledStateStore(_blobs, TinySegments).GetAsync("grains/order/a").Within("read on a fresh node"))?.ETag);
    }

    [Fact]
    public async Task A_seal_while_a_snapshot_is_still_being_written_gets_its_own_snapshot_after_it()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hooked = new HookedAppendStore(_blobs) { HoldUpload = _ => held.TrySetResult() ? release.Task : Task.CompletedTask };
        var journal = new JournaledStateStore(hooked, TinySegments);
        string? etag = null;
        for (var i = 0; journal.Segment < 3; i++)
        {
            Assert.True(i < 20, "three seals take six writes");
            etag = await journal.PutAsync("grains/order/a", Bytes($"v{i}"), etag is null ? WriteCondition.IfNotExists : WriteCondition.IfMatches(etag)).Within($"write {i}");
            await journal.SyncAsync().Within("the round after the write, when the pump seals");
        }

        await held.Task.Within("the first snapshot's upload");
        release.SetResult();
        await journal.DisposeAsync().AsTask().Within("disposal, which waits for snapshots");

        Assert.Equal(0, journal.SnapshotFailures);
        Assert.NotNull(await _blobs.GetAsync("journal/snapshots/000000000003").Within("the snapshot of the newest seal"));
        Assert.Null(await _blobs.ReadAppendedAsync("journal/log/000000000001", 0, 1).Within("segment 1, collected behind it"));
    }

    [Fact]
    public async Task A_snapshot_collected_while_a_node_reads_it_at_start_up_is_followed_by_the_newer_one()
    {
        var busy = new JournaledStateStore(_blobs, TinySegments);
        var etag = await WriteUntilSnapshotAsync(busy, "grains/order/a", null, 1);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hooked = new HookedAppendStore(_blobs)
        {
            // Opened, then failed as Azure fails a download whose blob goes between two of its ranges.
            HoldOpenRead = async key =>
            {
                if (held.TrySetResult())
                {
                    await release.Task;
                    throw new IOException($"'{key}' was deleted while it was being downloaded");
                }
            },
        };
        var starting = new JournaledStateStore(hooked, TinySegments);

        var read = starting.GetAsync("grains/order/a");
        await held.Task.Within("the starting node to open the snapshot");
        etag = await WriteUntilSnapshotAsync(busy, "grains/order/a", etag, 2);
        release.SetResult();

        Assert.Equal(etag, (await read.Within("the starting node's first read"))?.ETag);
    }

    /// <summary>Writes until a snapshot at least <paramref name="segments"/> seals on from the current one exists.</summary>
    private async Task<string?> WriteUntilSnapshotAsync(JournaledStateStore journal, string key, string? etag, int segments)
    {
        // At least, not exactly: a newer snapshot may already have replaced (and collected) the one aimed at.
        var target = journal.Segment + segments;
        for (var i = 0; journal.Segment < target || await NewestSnapshotAsync() < target; i++)
        {
            Assert.True(i < 100, $"snapshot {target} was never written");
            etag = await journal.PutAsync(key, Bytes($"v{i}"), etag is null ? WriteCondition.IfNotExists : WriteCondition.IfMatches(etag)).Within($"write {i}");
            await journal.SyncAsync().Within("the round after the write, when the pump seals");
        }

        return etag;
    }

    private async Task<long> NewestSnapshotAsync()
    {
        var newest = -1L;
        await foreach (var entry in _blobs.ListAsync("journal/snapshots/"))
        {
            newest = Math.Max(newest, long.Parse(entry.Key[(entry.Key.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }

        return newest;
    }
}
