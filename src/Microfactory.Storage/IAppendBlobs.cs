namespace Microfactory.Storage;

/// <summary>
/// Append blobs, where a backend has them (Azure Blob, memory): a blob that only grows, and an append that lands only
/// when the blob is exactly as long as the writer believes (<c>x-ms-blob-condition-appendpos</c>). Two writers that
/// both read a log to its end can therefore never both extend it from there: the store arbitrates.
/// </summary>
public interface IAppendBlobs
{
    /// <summary>The largest block one append may carry (Azure: 4 MiB).</summary>
    int MaxAppendBytes { get; }

    /// <summary>Creates an empty append blob; false when one already exists (it is left as it is).</summary>
    Task<bool> CreateAppendBlobAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Appends <paramref name="block"/> when the blob's length is <paramref name="expectedLength"/>; returns the new length.</summary>
    /// <exception cref="StoreConflictException">412: the blob is longer (someone appended first) or does not exist.</exception>
    Task<long> AppendAsync(string key, ReadOnlyMemory<byte> block, long expectedLength, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="maxBytes"/> from <paramref name="offset"/>: empty at the end, null when the blob does not exist.</summary>
    Task<ReadOnlyMemory<byte>?> ReadAppendedAsync(string key, long offset, int maxBytes, CancellationToken cancellationToken = default);
}
