using System.Buffers;
using System.Globalization;

namespace Microfactory.Storage.Journal;

public sealed partial class JournaledStateStore
{
    // Pump-only: where this node has read the log to.
    private bool _loaded;
    private long _segment;
    private long _position;
    private int _segmentAppends;
    private Task _snapshotting = Task.CompletedTask;
    private (long Segment, List<KeyValuePair<string, JournalDocument>> Rows)? _nextSnapshot; // under _gate
    private bool _snapshotRunning; // under _gate
    private long _snapshotFailures;

    /// <summary>Snapshots this node failed to write (the next seal writes a newer one); for tests and diagnostics.</summary>
    public long SnapshotFailures => Interlocked.Read(ref _snapshotFailures);

    /// <summary>The segment this node appends to.</summary>
    public long Segment => _segment;

    private string SegmentKey(long segment) => $"{_options.Prefix}log/{segment.ToString("D12", CultureInfo.InvariantCulture)}";

    private string SnapshotKey(long segment) => $"{_options.Prefix}snapshots/{segment.ToString("D12", CultureInfo.InvariantCulture)}";

    private async Task EnsureLoadedAsync()
    {
        if (!_loaded)
        {
            await LoadAsync().ConfigureAwait(false);
            _loaded = true;
        }
    }

    /// <summary>The newest snapshot, then the log from the segment it starts.</summary>
    private async Task LoadAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var latest = await LatestSnapshotAsync().ConfigureAwait(false);
            var documents = new Dictionary<string, JournalDocument>(StringComparer.Ordinal);
            if (latest is { } snapshot)
            {
                var read = await TryReadSnapshotAsync(snapshot).ConfigureAwait(false);
                if (read is null)
                {
                    if (attempt >= 5)
                    {
                        throw new InvalidDataException($"Journal snapshot {snapshot} vanished between listing and reading, {attempt} times.");
                    }

                    continue; // a newer snapshot replaced it since the listing
                }

                documents = read;
            }

            var segment = latest ?? 0;
            var created = false;
            if (await _appends.ReadAppendedAsync(SegmentKey(segment), 0, 1).ConfigureAwait(false) is null)
            {
                // A snapshot's segment is created before the snapshot is written, so it is missing only when collected
                // behind a newer snapshot. Segment 0 may be created while no snapshot exists at all.
                if (latest is null)
                {
                    created = await _appends.CreateAppendBlobAsync(SegmentKey(0)).ConfigureAwait(false);
                }
                else if (attempt < 5)
                {
                    continue;
                }
                else
                {
                    throw new InvalidDataException($"Journal segment {segment} is missing although snapshot {segment} exists.");
                }
            }

            if (await CollectedSinceAsync(segment, created).ConfigureAwait(false))
            {
                if (attempt >= 5)
                {
                    throw new InvalidDataException($"Journal segment {segment} was collected while loading, {attempt} times.");
                }

                continue;
            }

            lock (_gate)
            {
                _documents.Clear();
                foreach (var (key, document) in documents)
                {
                    _documents[key] = document;
                }
            }

            (_segment, _position, _segmentAppends) = (segment, 0, 0);
            return;
        }
    }

    /// <summary>
    /// The snapshot's documents, or null when it went: before it was opened, or while it was read (a large one is read
    /// range by range, and a newer snapshot's collection may delete it in between; only that newer one says which).
    /// </summary>
    private async Task<Dictionary<string, JournalDocument>?> TryReadSnapshotAsync(long snapshot)
    {
        try
        {
            var stream = await _blobs.OpenReadAsync(SnapshotKey(snapshot)).ConfigureAwait(false);
            if (stream is null)
            {
                return null;
            }

            await using (stream.ConfigureAwait(false))
            {
                return await JournalSnapshot.ReadAsync(stream, snapshot, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            if (await LatestSnapshotAsync().ConfigureAwait(false) > snapshot)
            {
                return null;
            }

            throw;
        }
    }

    /// <summary>Reads the log from where this node is to its end, applying what others appended.</summary>
    private async Task<(HashSet<Guid> Seen, bool Reloaded)> CatchUpAsync()
    {
        var seen = new HashSet<Guid>();
        var reloaded = false;
        var chunk = 2 * _maxBatchBytes;
        while (true)
        {
            var data = await _appends.ReadAppendedAsync(SegmentKey(_segment), _position, chunk).ConfigureAwait(false);
            if (data is null)
            {
                // This node fell so far behind that its segment was collected under a newer snapshot: start from that.
                if (await LatestSnapshotAsync().ConfigureAwait(false) is { } latest && latest > _segment)
                {
                    await LoadAsync().ConfigureAwait(false);
                    reloaded = true;
                    continue;
                }

                // At the start of a segment this node reached through a seal, whose creation failed (the store was down):
                // no newer snapshot exists, so it was never collected, and creating it is what the sealer would have done.
                if (_position == 0)
                {
                    var created = await _appends.CreateAppendBlobAsync(SegmentKey(_segment)).ConfigureAwait(false);
                    if (await CollectedSinceAsync(_segment, created).ConfigureAwait(false))
                    {
                        await LoadAsync().ConfigureAwait(false);
                        reloaded = true;
                    }

                    continue;
                }

                throw new InvalidDataException($"Journal segment {_segment} is missing and no newer snapshot exists.");
            }

            if (data.Value.Length == 0)
            {
                return (seen, reloaded);
            }

            var bytes = new ReadOnlySequence<byte>(data.Value);
            var offset = 0;
            while (JournalCodec.TryDecode(bytes.Slice(offset), out var batch, out var consumed))
            {
                Apply(batch!);
                seen.Add(batch!.Id);
                offset += consumed;
                _position += consumed;
                _segmentAppends++;
                if (batch.Seal)
                {
                    reloaded |= await MoveToNextSegmentAsync().ConfigureAwait(false);
                    break;
                }
            }

            if (offset == 0)
            {
                chunk *= 2; // one batch longer than a read: a writer with a larger batch limit
            }
        }
    }

    /// <summary>
    /// After a seal: the log goes on in the next segment, created here if its sealer stopped before creating it. True
    /// when that segment turned out collected and this node reloaded from the newest snapshot instead.
    /// </summary>
    private async Task<bool> MoveToNextSegmentAsync()
    {
        (_segment, _position, _segmentAppends) = (_segment + 1, 0, 0);
        var created = false;
        if (await _appends.ReadAppendedAsync(SegmentKey(_segment), 0, 1).ConfigureAwait(false) is null
            && (await LatestSnapshotAsync().ConfigureAwait(false) is not { } latest || latest <= _segment))
        {
            // Missing: never created, or collected because a snapshot two segments on exists (then catch-up reloads).
            created = await _appends.CreateAppendBlobAsync(SegmentKey(_segment)).ConfigureAwait(false);
        }

        if (!await CollectedSinceAsync(_segment, created).ConfigureAwait(false))
        {
            return false;
        }

        await LoadAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="segment"/>, which this node has just found or created, may be collected already: then
    /// what it found can be an empty copy made by a node that was paused between seeing the segment missing and
    /// creating it (as this one may have been), which nobody else reads, and appends there would be lost. Asked after
    /// looking, so it is sound: snapshots only ever get newer, and a segment goes only once one two segments on exists.
    /// A copy this node made is removed again, so that no other node appends to it either.
    /// </summary>
    private async Task<bool> CollectedSinceAsync(long segment, bool createdHere)
    {
        if (await LatestSnapshotAsync().ConfigureAwait(false) is not { } latest || latest < segment + 2)
        {
            return false;
        }

        if (createdHere)
        {
            await _blobs.DeleteAsync(SegmentKey(segment), WriteCondition.None).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Seals a full segment, moves on to the next and snapshots every document as of its start.</summary>
    private async Task SealIfFullAsync()
    {
        if (_position < _options.SegmentBytes && _segmentAppends < _options.SegmentAppends)
        {
            return;
        }

        try
        {
            var length = await _appends.AppendAsync(SegmentKey(_segment), JournalCodec.Encode(new JournalBatch(Guid.NewGuid(), true, [])), _position)
                .ConfigureAwait(false);
            _position = length;
        }
        catch (StoreConflictException)
        {
            await CatchUpAsync().ConfigureAwait(false); // someone appended (or sealed) first; look again next round
            return;
        }

        if (await MoveToNextSegmentAsync().ConfigureAwait(false))
        {
            return; // reloaded from a newer snapshot than this seal's: nothing to write
        }

        // One snapshot is written at a time; a seal meanwhile leaves its rows for the writer to take next (replacing
        // older rows waiting there), so the newest seal always gets its snapshot and the log behind it is collected.
        bool start;
        lock (_gate)
        {
            _nextSnapshot = (_segment, [.. _documents]);
            start = !_snapshotRunning;
            _snapshotRunning = true;
        }

        if (start)
        {
            _snapshotting = Task.Run(WriteSnapshotsAsync);
        }
    }

    private async Task WriteSnapshotsAsync()
    {
        while (true)
        {
            (long Segment, List<KeyValuePair<string, JournalDocument>> Rows) next;
            lock (_gate)
            {
                if (_nextSnapshot is not { } waiting)
                {
                    _snapshotRunning = false;
                    return;
                }

                (next, _nextSnapshot) = (waiting, null);
            }

            await WriteSnapshotAsync(next.Segment, next.Rows).ConfigureAwait(false);
        }
    }

    private async Task WriteSnapshotAsync(long segment, List<KeyValuePair<string, JournalDocument>> rows)
    {
        try
        {
            await using var content = JournalSnapshot.Write(segment, rows);
            await _blobs.UploadAsync(SnapshotKey(segment), content, WriteCondition.IfNotExists).ConfigureAwait(false);

            // Older snapshots go; so does the log before the previous segment, kept for nodes still reading it.
            await foreach (var entry in _blobs.ListAsync(_options.Prefix + "snapshots/").ConfigureAwait(false))
            {
                if (Number(entry.Key) is { } n && n < segment)
                {
                    await _blobs.DeleteAsync(entry.Key, WriteCondition.None).ConfigureAwait(false);
                }
            }

            await foreach (var entry in _blobs.ListAsync(_options.Prefix + "log/").ConfigureAwait(false))
            {
                if (Number(entry.Key) is { } n && n < segment - 1)
                {
                    await _blobs.DeleteAsync(entry.Key, WriteCondition.None).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The log stays whole without it; the next seal writes a newer snapshot.
            Interlocked.Increment(ref _snapshotFailures);
        }
    }

    private async Task<long?> LatestSnapshotAsync()
    {
        long? latest = null;
        await foreach (var entry in _blobs.ListAsync(_options.Prefix + "snapshots/").ConfigureAwait(false))
        {
            if (Number(entry.Key) is { } n && (latest is null || n > latest))
            {
                latest = n;
            }
        }

        return latest;
    }

    private static long? Number(string key) =>
        long.TryParse(key.AsSpan(key.LastIndexOf('/') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
