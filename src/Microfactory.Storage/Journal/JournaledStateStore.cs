using System.Runtime.CompilerServices;

namespace Microfactory.Storage.Journal;

/// <summary>
/// Grain state as one shared log of append blobs instead of one blob per grain. Writes from many grains that arrive
/// while an append is in flight go out together in the next append (group commit), so a busy node spends one store
/// request on many writes. Every write is still conditional: a batch is checked against the log as this node has
/// read it, and the append lands only at the position this node read up to (<c>x-ms-blob-condition-appendpos</c>),
/// so a node that missed another node's appends gets 412, reads them, and checks its writes again. Reads see every
/// write that finished before they began: they wait for the next append or, when nothing is being written, read the
/// log's tail. Each node holds every document in memory (the log's materialised state); a full segment is sealed and
/// a snapshot of every document is written, so start-up reads one snapshot and the log after it.
/// </summary>
public sealed partial class JournaledStateStore : IStateStore, IAsyncDisposable
{
    private readonly IBlobStore _blobs;
    private readonly IAppendBlobs _appends;
    private readonly JournalOptions _options;
    private readonly int _maxBatchBytes;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JournalDocument> _documents = new(StringComparer.Ordinal); // under _gate
    private List<PendingWrite> _writes = []; // under _gate
    private List<TaskCompletionSource> _syncs = []; // under _gate
    private bool _pumping; // under _gate
    private Task _pump = Task.CompletedTask; // under _gate
    private bool _disposed; // under _gate

    /// <param name="store">The backend: an <see cref="IBlobStore"/> that also has <see cref="IAppendBlobs"/>.</param>
    public JournaledStateStore(IBlobStore store, JournalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _blobs = store;
        _appends = store as IAppendBlobs
            ?? throw new ArgumentException($"The journal needs a store with append blobs (memory or Azure Blob); {store.GetType().Name} has none.", nameof(store));
        _options = options ?? new JournalOptions();
        _options.Validate();
        _maxBatchBytes = Math.Min(_options.MaxBatchBytes, _appends.MaxAppendBytes);
    }

    /// <summary>Appends this node made that carried at least one write (for benchmarks and tests).</summary>
    public long Appends => Interlocked.Read(ref _appendCount);

    /// <summary>Writes committed by this node.</summary>
    public long CommittedWrites => Interlocked.Read(ref _committedWrites);

    public async Task<StoredBlob?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        await SyncAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return _documents.TryGetValue(key, out var document) ? new StoredBlob(document.Content, document.ETag) : null;
        }
    }

    public async Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        if (JournalCodec.BatchOverhead + JournalCodec.SizeOf(new JournalChange(key, [])) + content.Length > _maxBatchBytes)
        {
            throw new ArgumentException($"A journaled document is at most about {_maxBatchBytes} bytes; '{key}' has {content.Length}.", nameof(content));
        }

        var etag = await EnqueueAsync(new PendingWrite(key, content.ToArray(), condition), cancellationToken).ConfigureAwait(false);
        return etag!;
    }

    public async Task<bool> DeleteAsync(string key, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        if (condition.IfNoneMatchAny)
        {
            throw new ArgumentException("A delete cannot be conditional on If-None-Match: *.", nameof(condition));
        }

        return await EnqueueAsync(new PendingWrite(key, null, condition), cancellationToken).ConfigureAwait(false) is not null;
    }

    public async IAsyncEnumerable<(string Key, StoredBlob Document)> ScanAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        await SyncAsync(cancellationToken).ConfigureAwait(false);
        List<(string, StoredBlob)> rows;
        lock (_gate)
        {
            rows = _documents.Where(d => d.Key.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(d => d.Key, StringComparer.Ordinal)
                .Select(d => (d.Key, new StoredBlob(d.Value.Content, d.Value.ETag)))
                .ToList();
        }

        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }
    }

    /// <summary>Waits until this node has read the log to a point after the call began.</summary>
    public Task SyncAsync(CancellationToken cancellationToken = default)
    {
        var synced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _syncs.Add(synced);
            Kick();
        }

        return synced.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Refuses new work, then waits until every queued write and read is answered and a snapshot in flight is written.</summary>
    public async ValueTask DisposeAsync()
    {
        Task pump;
        lock (_gate)
        {
            _disposed = true;
            pump = _pump;
        }

        await pump.ConfigureAwait(false); // the pump never throws; a seal it makes sets _snapshotting before it ends
        await _snapshotting.ConfigureAwait(false);
    }

    private async Task<string?> EnqueueAsync(PendingWrite write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested(); // refused before anything is sent, as a blob store would
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _writes.Add(write);
            Kick();
        }

        // Cancelled while still queued, the write is withdrawn and never applied. Once the pump has taken it, the caller
        // only stops waiting: the write may still be committed, as with any store request already sent.
        try
        {
            return await write.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_gate)
            {
                _writes.Remove(write);
            }

            throw;
        }
    }

    private void Kick()
    {
        if (!_pumping)
        {
            _pumping = true;
            _pump = Task.Run(PumpAsync);
        }
    }

    /// <summary>
    /// The one loop that talks to the log: while work is queued, take all of it, commit the writes in one append (or
    /// read the tail when there are none), then answer everyone who was waiting. Work queued meanwhile waits for the
    /// next round, which is what batches it.
    /// </summary>
    private async Task PumpAsync()
    {
        while (true)
        {
            List<PendingWrite> writes;
            List<TaskCompletionSource> syncs;
            lock (_gate)
            {
                if (_writes.Count == 0 && _syncs.Count == 0)
                {
                    _pumping = false;
                    return;
                }

                (writes, _writes) = (_writes, []);
                (syncs, _syncs) = (_syncs, []);
            }

            try
            {
                await EnsureLoadedAsync().ConfigureAwait(false);
                var synced = writes.Count > 0 && await CommitAsync(writes).ConfigureAwait(false);
                if (!synced && syncs.Count > 0)
                {
                    await CatchUpAsync().ConfigureAwait(false);
                }

                foreach (var sync in syncs)
                {
                    sync.TrySetResult();
                }

                await SealIfFullAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                foreach (var write in writes)
                {
                    write.Done.TrySetException(e);
                }

                foreach (var sync in syncs)
                {
                    sync.TrySetException(e);
                }
            }
        }
    }

    private sealed class PendingWrite(string key, byte[]? content, WriteCondition condition)
    {
        public string Key { get; } = key;

        /// <summary>Null: remove the document.</summary>
        public byte[]? Content { get; } = content;

        public WriteCondition Condition { get; } = condition;

        /// <summary>The new ETag; for a delete, "" when a document was removed and null when there was none.</summary>
        public TaskCompletionSource<string?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
