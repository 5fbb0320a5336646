namespace Microfactory.Storage.Journal;

public sealed partial class JournaledStateStore
{
    private long _appendCount;
    private long _committedWrites;

    private static string ETagOf(Guid batch, int index) => $"\"{batch:N}-{index}\"";

    /// <summary>
    /// Commits the writes in as few appends as fit, each write checked against the log in arrival order (a later write
    /// in the batch sees the earlier ones). True when the log was read to its end or extended during the call, which
    /// proves this node current to everyone waiting.
    /// </summary>
    private async Task<bool> CommitAsync(List<PendingWrite> writes)
    {
        // Every attempt has its own batch id: when an append's outcome is unclear, the log says which attempt landed.
        var attempts = new Dictionary<Guid, List<(PendingWrite Write, int Index)>>();
        var open = writes;
        var synced = false;
        var unclearFailures = 0;
        var refusedWithoutNews = 0;
        while (true)
        {
            var id = Guid.NewGuid();
            var (changes, accepted, conflicts, unchanged, deferred) = Check(open, id);
            if ((conflicts.Count > 0 || unchanged.Count > 0) && !synced)
            {
                // What this node read may be behind the log: read on before calling anything a conflict, or a delete
                // of a document this node has not seen yet a no-op (those answers go out without an append to check them).
                await CatchUpAsync().ConfigureAwait(false);
                synced = true;
                continue;
            }

            foreach (var (write, conflict) in conflicts)
            {
                write.Done.TrySetException(conflict);
            }

            foreach (var write in unchanged)
            {
                write.Done.TrySetResult(null);
            }

            if (deferred.Count > 0)
            {
                lock (_gate)
                {
                    _writes.InsertRange(0, deferred); // the pump takes them next round, still ahead of newer writes
                }

                // They are the tail of this round's writes (once one is deferred, all after it are) and leave the round,
                // so that a failure of this batch, which the pump answers to the whole round, is not theirs too.
                writes.RemoveRange(writes.Count - deferred.Count, deferred.Count);
            }

            if (changes.Count == 0)
            {
                return synced;
            }

            attempts[id] = accepted;
            var batch = new JournalBatch(id, false, changes);
            Exception? unclear = null;
            try
            {
                var length = await _appends.AppendAsync(SegmentKey(_segment), JournalCodec.Encode(batch), _position).ConfigureAwait(false);
                Apply(batch);
                _position = length;
                _segmentAppends++;
                Complete(accepted, id);
                return true;
            }
            catch (StoreConflictException refused)
            {
                // Another node appended first, or an earlier attempt of ours landed after all: read on and see.
                unclear = null;
                if (++refusedWithoutNews > 3)
                {
                    throw new IOException($"The journal refuses appends at {_position} of segment {_segment} yet has nothing new to read there.", refused);
                }
            }
            catch (Exception e) when (e is not ArgumentException)
            {
                unclear = e;
                unclearFailures++;
            }

            var (segment, position) = (_segment, _position);
            var caughtUp = await CatchUpAsync().ConfigureAwait(false);
            synced = true;
            if ((segment, position) != (_segment, _position))
            {
                refusedWithoutNews = 0;
            }

            foreach (var (attempt, members) in attempts)
            {
                if (caughtUp.Seen.Contains(attempt) || (caughtUp.Reloaded && StillHolds(members, attempt)))
                {
                    Complete(members, attempt);
                    return true;
                }
            }

            // Refused appends (412) certainly did not land. An unclear one that a reload hides (landed, then overwritten)
            // leaves the writes in doubt: re-applying an unconditional one could undo a newer write, so say so instead.
            if (caughtUp.Reloaded && unclearFailures > 0)
            {
                throw new IOException("The journal was reloaded from a snapshot while an append's outcome was unclear; the writes may or may not have been committed.", unclear);
            }

            if (unclear is not null && unclearFailures >= _options.MaxAttempts)
            {
                throw unclear;
            }

            open = accepted.Select(a => a.Write).ToList();
        }
    }

    private (List<JournalChange> Changes, List<(PendingWrite Write, int Index)> Accepted, List<(PendingWrite, StoreConflictException)> Conflicts,
        List<PendingWrite> Unchanged, List<PendingWrite> Deferred) Check(List<PendingWrite> writes, Guid id)
    {
        var changes = new List<JournalChange>();
        var accepted = new List<(PendingWrite Write, int Index)>();
        var conflicts = new List<(PendingWrite, StoreConflictException)>();
        var unchanged = new List<PendingWrite>();
        var deferred = new List<PendingWrite>();
        var batchETags = new Dictionary<string, string?>(StringComparer.Ordinal);
        var size = JournalCodec.BatchOverhead;
        lock (_gate)
        {
            foreach (var write in writes)
            {
                var change = new JournalChange(write.Key, write.Content);
                if (deferred.Count > 0 || size + JournalCodec.SizeOf(change) > _maxBatchBytes)
                {
                    deferred.Add(write);
                    continue;
                }

                var current = batchETags.TryGetValue(write.Key, out var inBatch) ? inBatch : _documents.GetValueOrDefault(write.Key)?.ETag;
                try
                {
                    StoreConditions.Check(write.Key, current, write.Condition);
                }
                catch (StoreConflictException conflict)
                {
                    conflicts.Add((write, conflict));
                    continue;
                }

                if (write.Content is null && current is null)
                {
                    unchanged.Add(write); // deleting what is not there changes nothing
                    continue;
                }

                batchETags[write.Key] = write.Content is null ? null : ETagOf(id, changes.Count);
                accepted.Add((write, changes.Count));
                changes.Add(change);
                size += JournalCodec.SizeOf(change);
            }
        }

        return (changes, accepted, conflicts, unchanged, deferred);
    }

    /// <summary>True when a document still carries an ETag this attempt gave it: the attempt landed.</summary>
    private bool StillHolds(List<(PendingWrite Write, int Index)> members, Guid attempt)
    {
        lock (_gate)
        {
            return members.Any(m => _documents.TryGetValue(m.Write.Key, out var d) && d.ETag == ETagOf(attempt, m.Index));
        }
    }

    private void Apply(JournalBatch batch)
    {
        lock (_gate)
        {
            for (var i = 0; i < batch.Changes.Count; i++)
            {
                var change = batch.Changes[i];
                if (change.Content is null)
                {
                    _documents.Remove(change.Key);
                }
                else
                {
                    _documents[change.Key] = new JournalDocument(change.Content, ETagOf(batch.Id, i));
                }
            }
        }
    }

    private void Complete(List<(PendingWrite Write, int Index)> members, Guid batch)
    {
        Interlocked.Increment(ref _appendCount);
        Interlocked.Add(ref _committedWrites, members.Count);
        foreach (var (write, index) in members)
        {
            write.Done.TrySetResult(write.Content is null ? "" : ETagOf(batch, index));
        }
    }
}
