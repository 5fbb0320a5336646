using Microfactory.Storage;

namespace Microfactory.Placement.Benchmarks;

/// <summary>Counts the requests a backend receives, so a run can report store requests per placement.</summary>
internal sealed class CountingBlobStore(IBlobStore inner) : IBlobStore
{
    private long _reads;
    private long _writes;

    public long Reads => Interlocked.Read(ref _reads);

    public long Writes => Interlocked.Read(ref _writes);

    public Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writes);
        return inner.PutAsync(key, content, condition, cancellationToken);
    }

    public Task<StoredBlob?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        return inner.GetAsync(key, cancellationToken);
    }

    public Task<bool> DeleteAsync(string key, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writes);
        return inner.DeleteAsync(key, condition, cancellationToken);
    }

    public IAsyncEnumerable<BlobEntry> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        return inner.ListAsync(prefix, cancellationToken);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        return inner.OpenReadAsync(key, cancellationToken);
    }

    public Task<string> UploadAsync(string key, Stream content, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writes);
        return inner.UploadAsync(key, content, condition, cancellationToken);
    }

    public Task CheckReadyAsync(CancellationToken cancellationToken = default) => inner.CheckReadyAsync(cancellationToken);

}
