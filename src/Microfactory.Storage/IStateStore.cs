namespace Microfactory.Storage;

/// <summary>
/// Where grain state lives: one document per key with an ETag, every write conditional, reads that see every write
/// that finished before they began. <see cref="BlobStateStore"/> keeps one blob per key.
/// </summary>
public interface IStateStore
{
    /// <summary>The document and its ETag, or null when the key has none.</summary>
    Task<StoredBlob?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes the document when <paramref name="condition"/> holds; returns the new ETag.</summary>
    /// <exception cref="StoreConflictException">The condition did not hold.</exception>
    Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, WriteCondition condition, CancellationToken cancellationToken = default);

    /// <summary>Removes the document when <paramref name="condition"/> holds; false when there was none.</summary>
    /// <exception cref="StoreConflictException">A stale <c>If-Match</c>.</exception>
    Task<bool> DeleteAsync(string key, WriteCondition condition, CancellationToken cancellationToken = default);

    /// <summary>Every document whose key starts with <paramref name="prefix"/>, in ordinal key order.</summary>
    IAsyncEnumerable<(string Key, StoredBlob Document)> ScanAsync(string prefix, CancellationToken cancellationToken = default);
}
