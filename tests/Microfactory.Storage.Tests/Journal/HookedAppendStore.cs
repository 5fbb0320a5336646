namespace Microfactory.Storage.Tests.Journal;

/// <summary>The in-memory backend with a hook around each append, to hold appends back or lose their answers.</summary>
internal sealed class HookedAppendStore(InMemoryBlobStore inner) : IBlobStore, IAppendBlobs
{
    private int _appends;

    /// <summary>Runs before an append reaches the store; may wait or throw (the append then never happens).</summary>
    public Func<int, Task>? BeforeAppend { get; set; }

    /// <summary>Runs after an append landed; may throw to lose its answer.</summary>
    public Action<int>? AfterAppend { get; set; }

    /// <summary>Runs before an append blob is created; may throw (it then is not created).</summary>
    public Action<string>? BeforeCreate { get; set; }

    /// <summary>Runs before an append blob is created, after <see cref="BeforeCreate"/>; may wait (a node paused mid-way).</summary>
    public Func<string, Task>? HoldCreate { get; set; }

    /// <summary>Runs before a blob is uploaded (a snapshot); may wait or throw.</summary>
    public Func<string, Task>? HoldUpload { get; set; }

    /// <summary>Runs before a blob is opened for reading (a snapshot); may wait or throw.</summary>
    public Func<string, Task>? HoldOpenRead { get; set; }

    public int AppendCalls => Volatile.Read(ref _appends);

    public int MaxAppendBytes => inner.MaxAppendBytes;

    public async Task<long> AppendAsync(string key, ReadOnlyMemory<byte> block, long expectedLength, CancellationToken cancellationToken = default)
    {
        var call = Interlocked.Increment(ref _appends);
        if (BeforeAppend is { } before)
        {
            await before(call);
        }

        var length = await inner.AppendAsync(key, block, expectedLength, cancellationToken);
        AfterAppend?.Invoke(call);
        return length;
    }

    public async Task<bool> CreateAppendBlobAsync(string key, CancellationToken cancellationToken = default)
    {
        BeforeCreate?.Invoke(key);
        if (HoldCreate is { } hold)
        {
            await hold(key);
        }

        return await inner.CreateAppendBlobAsync(key, cancellationToken);
    }

    public Task<ReadOnlyMemory<byte>?> ReadAppendedAsync(string key, long offset, int maxBytes, CancellationToken cancellationToken = default) =>
        inner.ReadAppendedAsync(key, offset, maxBytes, cancellationToken);

    public Task<StoredBlob?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, WriteCondition condition, CancellationToken cancellationToken = default) =>
        inner.PutAsync(key, content, condition, cancellationToken);

    public Task<bool> DeleteAsync(string key, WriteCondition condition, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, condition, cancellationToken);

    public IAsyncEnumerable<BlobEntry> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        if (HoldOpenRead is { } hold)
        {
            await hold(key);
        }

        return await inner.OpenReadAsync(key, cancellationToken);
    }

    public async Task<string> UploadAsync(string key, Stream content, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        if (HoldUpload is { } hold)
        {
            await hold(key);
        }

        return await inner.UploadAsync(key, content, condition, cancellationToken);
    }

    public Task CheckReadyAsync(CancellationToken cancellationToken = default) => inner.CheckReadyAsync(cancellationToken);
}
