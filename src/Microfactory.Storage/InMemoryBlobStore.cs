using System.Runtime.CompilerServices;

namespace Microfactory.Storage;

/// <summary>A process-local store for tests and benchmarks; the ETag rules are the same as every other backend's.</summary>
public sealed class InMemoryBlobStore(TimeProvider? timeProvider = null) : IBlobStore
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
            _blobs[key] = new Entry(copy, copy.Length, etag, _time.GetUtcNow());
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

    private sealed record Entry(byte[] Content, int Length, string ETag, DateTimeOffset LastModified);
}
