using System.Runtime.CompilerServices;

namespace Microfactory.Storage;

/// <summary>A process-local store for tests and benchmarks; the ETag rules are the same as every other backend's.</summary>
public sealed class InMemoryBlobStore(TimeProvider? timeProvider = null) : IBlobStore, IAppendBlobs
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, Entry> _blobs = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private long _version;

    public Task<StoredBlob?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        lock (_gate)
        {
            return Task.FromResult(_blobs.TryGetValue(key, out var e) ? new StoredBlob(e.Content.AsMemory(0, e.Length), e.ETag) : null);
        }
    }

    public Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        var copy = content.ToArray();
        lock (_gate)
        {
            _blobs.TryGetValue(key, out var existing);
            StoreConditions.Check(key, existing?.ETag, condition);
            var etag = ETags.FromVersion(++_version);
            _blobs[key] = new Entry(copy, copy.Length, etag, _time.GetUtcNow(), Append: false);
            return Task.FromResult(etag);
        }
    }

    public Task<bool> DeleteAsync(string key, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        lock (_gate)
        {
            _blobs.TryGetValue(key, out var existing);
            if (existing is null && condition.IfMatch is null)
            {
                return Task.FromResult(false);
            }

            StoreConditions.CheckDelete(key, existing?.ETag, condition);
            return Task.FromResult(_blobs.Remove(key));
        }
    }

    public async IAsyncEnumerable<BlobEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<BlobEntry> rows;
        lock (_gate)
        {
            rows = _blobs.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
                .Select(kv => new BlobEntry(kv.Key, kv.Value.ETag, kv.Value.Length, kv.Value.LastModified))
                .ToList();
        }

        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var blob = await GetAsync(key, cancellationToken).ConfigureAwait(false);
        return blob is null ? null : new MemoryStream(blob.Content.ToArray(), writable: false);
    }

    public async Task<string> UploadAsync(string key, Stream content, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return await PutAsync(key, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), condition, cancellationToken).ConfigureAwait(false);
    }

    public Task CheckReadyAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public int MaxAppendBytes => 4 * 1024 * 1024;

    public Task<bool> CreateAppendBlobAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        lock (_gate)
        {
            if (_blobs.ContainsKey(key))
            {
                return Task.FromResult(false);
            }

            _blobs[key] = new Entry([], 0, ETags.FromVersion(++_version), _time.GetUtcNow(), Append: true);
            return Task.FromResult(true);
        }
    }

    public Task<long> AppendAsync(string key, ReadOnlyMemory<byte> block, long expectedLength, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        if (block.Length > MaxAppendBytes)
        {
            throw new ArgumentException($"An append carries at most {MaxAppendBytes} bytes; this one has {block.Length}.", nameof(block));
        }

        lock (_gate)
        {
            if (!_blobs.TryGetValue(key, out var e))
            {
                throw new StoreConflictException(key, StoreConflictKind.PreconditionFailed, "the blob does not exist");
            }

            if (!e.Append)
            {
                throw new InvalidOperationException($"'{key}' is not an append blob.");
            }

            if (e.Length != expectedLength)
            {
                throw new StoreConflictException(key, StoreConflictKind.PreconditionFailed, $"the blob is {e.Length} bytes long, not {expectedLength}");
            }

            // Grow by doubling and write past the old length only, so contents already handed out never change.
            var content = e.Content;
            if (content.Length - e.Length < block.Length)
            {
                Array.Resize(ref content, Math.Max(e.Length + block.Length, content.Length * 2));
            }

            block.Span.CopyTo(content.AsSpan(e.Length));
            _blobs[key] = new Entry(content, e.Length + block.Length, ETags.FromVersion(++_version), _time.GetUtcNow(), Append: true);
            return Task.FromResult((long)e.Length + block.Length);
        }
    }

    public Task<ReadOnlyMemory<byte>?> ReadAppendedAsync(string key, long offset, int maxBytes, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        lock (_gate)
        {
            if (!_blobs.TryGetValue(key, out var e))
            {
                return Task.FromResult<ReadOnlyMemory<byte>?>(null);
            }

            var start = (int)Math.Min(offset, e.Length);
            var count = Math.Min(maxBytes, e.Length - start);
            // No copy: appends only ever write past the length a reader was given, and growth moves to a new array.
            return Task.FromResult<ReadOnlyMemory<byte>?>(e.Content.AsMemory(start, count));
        }
    }

    private sealed record Entry(byte[] Content, int Length, string ETag, DateTimeOffset LastModified, bool Append);
}
