using System.Text;
using Microfactory.Storage.Journal;
using Microfactory.Testing;

namespace Microfactory.Storage.Tests.Journal;

/// <summary>What happens to writes while they wait in a node's queue: deferral past a full batch, cancellation, disposal.</summary>
public sealed class JournalQueueTests
{
    private readonly InMemoryBlobStore _blobs = new();

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>A store whose first append waits for <see cref="Release"/>; <see cref="Held"/> says it is waiting.</summary>
    private sealed class FirstAppendHeld
    {
        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Hook(int call)
        {
            if (call != 1)
            {
                return Task.CompletedTask;
            }

            Held.SetResult();
            return Release.Task;
        }
    }

    [Fact]
    public async Task A_write_deferred_past_a_full_batch_is_not_failed_by_that_batch_and_lands_in_the_next()
    {
        var first = new FirstAppendHeld();
        var hooked = new HookedAppendStore(_blobs)
        {
            BeforeAppend = call => call == 2 ? throw new IOException("store unreachable for the full batch") : first.Hook(call),
        };
        var journal = new JournaledStateStore(hooked, new JournalOptions { MaxBatchBytes = 4096, MaxAttempts = 1 });
        var holder = journal.PutAsync("grains/order/holder", Bytes("h"), WriteCondition.IfNotExists);
        await first.Held.Task.Within("the first append to reach the store");

        var inFullBatch = journal.PutAsync("grains/order/big1", new byte[3000], WriteCondition.IfNotExists);
        var deferred = journal.PutAsync("grains/order/big2", new byte[3000], WriteCondition.IfNotExists);
        first.Release.SetResult();

        await holder.Within("the holder");
        await Assert.ThrowsAsync<IOException>(() => inFullBatch).Within("the full batch to fail");
        var etag = await deferred.Within("the deferred write, which went out in an append of its own");
        Assert.Equal(etag, (await new JournaledStateStore(_blobs).GetAsync("grains/order/big2").Within("read on a fresh node"))!.ETag);
    }

    [Fact]
    public async Task A_document_filling_a_whole_append_is_stored_and_writes_past_a_full_batch_keep_their_order()
    {
        var first = new FirstAppendHeld();
        var hooked = new HookedAppendStore(_blobs) { BeforeAppend = first.Hook };
        var journal = new JournaledStateStore(hooked);
        var holder = journal.PutAsync("grains/order/holder", Bytes("h"), WriteCondition.IfNotExists);
        await first.Held.Task.Within("the first append to reach the store");

        const string key = "grains/order/big";
        var whole = new byte[_blobs.MaxAppendBytes - 33 - 8 - key.Length]; // batch header, change header, key: exactly 4 MiB
        Random.Shared.NextBytes(whole); // incompressible, so the append really is 4 MiB
        var writes = new[] { journal.PutAsync(key, whole, WriteCondition.None), journal.PutAsync(key, Bytes("second"), WriteCondition.None), journal.PutAsync(key, Bytes("third"), WriteCondition.None) };
        first.Release.SetResult();
        await Task.WhenAll(writes.Append(holder)).Within("all writes");

        Assert.Equal(3, hooked.AppendCalls); // the holder, the whole-append document, then the two deferred ones together
        var read = await new JournaledStateStore(_blobs).GetAsync(key).Within("read on a fresh node");
        Assert.Equal("third", Encoding.UTF8.GetString(read!.Content.Span));
        Assert.Equal(await writes[2], read.ETag);
        await Assert.ThrowsAsync<ArgumentException>(() => journal.PutAsync(key, new byte[whole.Length + 1], WriteCondition.None)).Within("one byte more");
    }

    [Fact]
    public async Task A_write_cancelled_while_still_queued_is_never_applied()
    {
        var first = new FirstAppendHeld();
        var journal = new JournaledStateStore(new HookedAppendStore(_blobs) { BeforeAppend = first.Hook });
        var holder = journal.PutAsync("grains/order/holder", Bytes("h"), WriteCondition.IfNotExists);
        await first.Held.Task.Within("the first append to reach the store");
        using var cancel = new CancellationTokenSource();

        var queued = journal.PutAsync("grains/order/cancelled", Bytes("c"), WriteCondition.IfNotExists, cancel.Token);
        await cancel.CancelAsync();
        first.Release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued).Within("the cancelled write");
        await holder.Within("the holder");
        Assert.Null(await journal.GetAsync("grains/order/cancelled").Within("read on the same node"));
        Assert.Null(await new JournaledStateStore(_blobs).GetAsync("grains/order/cancelled").Within("read on a fresh node"));
    }

    [Fact]
    public async Task A_write_with_a_token_already_cancelled_is_refused_and_never_applied()
    {
        var journal = new JournaledStateStore(_blobs);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => journal.PutAsync("grains/order/late", Bytes("l"), WriteCondition.IfNotExists, new CancellationToken(canceled: true))).Within("the refused write");

        Assert.Null(await journal.GetAsync("grains/order/late").Within("read"));
    }

    [Fact]
    public async Task Disposal_waits_for_queued_writes()
    {
        var first = new FirstAppendHeld();
        var journal = new JournaledStateStore(new HookedAppendStore(_blobs) { BeforeAppend = first.Hook });
        var write = journal.PutAsync("grains/order/queued", Bytes("q"), WriteCondition.IfNotExists);
        await first.Held.Task.Within("the append to reach the store");

        var disposing = journal.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted, "disposal finished while a write was still being appended");
        first.Release.SetResult();
        await disposing.Within("disposal");

        await write.Within("the queued write, committed rather than dropped");
        await Assert.ThrowsAsync<ObjectDisposedException>(() => journal.PutAsync("grains/order/after", Bytes("a"), WriteCondition.None));
    }

    [Fact]
    public async Task Disposal_waits_for_a_seal_in_progress_and_the_snapshot_it_starts()
    {
        var sealHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hooked = new HookedAppendStore(_blobs)
        {
            BeforeAppend = call =>
            {
                if (call != 3)
                {
                    return Task.CompletedTask;
                }

                sealHeld.SetResult();
                return release.Task;
            },
        };
        var journal = new JournaledStateStore(hooked, new JournalOptions { SegmentAppends = 2 });
        await journal.PutAsync("grains/order/a", Bytes("a"), WriteCondition.IfNotExists).Within("write a");
        await journal.PutAsync("grains/order/b", Bytes("b"), WriteCondition.IfNotExists).Within("write b, which fills the segment");
        await sealHeld.Task.Within("the seal's append to reach the store");

        var disposing = journal.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted, "disposal finished while a seal was still being appended");
        release.SetResult();
        await disposing.Within("disposal");

        Assert.Equal(0, journal.SnapshotFailures);
        Assert.NotNull(await _blobs.GetAsync("journal/snapshots/000000000001").Within("the snapshot"));
    }
}
