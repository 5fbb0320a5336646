namespace Microfactory.Storage;

/// <summary>
/// The one blob-shaped seam behind grain state and design artifacts. Its ETag semantics are Azure Blob's, so every
/// backend (memory, local directory, Azure Blob) behaves the same to the grain host:
/// a stale <c>If-Match</c> fails with <see cref="StoreConflictKind.PreconditionFailed"/> (HTTP 412) and
/// <c>If-None-Match: *</c> over an existing blob fails with <see cref="StoreConflictKind.AlreadyExists"/> (HTTP 409).
/// </summary>
public interface IBlobStore
{
    /// <summary>Reads a whole blob, or null when it does not exist.</summary>
    Task<StoredBlob?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes a whole blob when <paramref name="condition"/> holds and returns the new ETag.</summary>
    /// <exception cref="StoreConflictException">The condition did not hold.</exception>
    Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, WriteCondition condition, CancellationToken cancellationToken = default);

    /// <summary>Deletes a blob when <paramref name="condition"/> holds; false when it did not exist.</summary>
    /// <exception cref="StoreConflictException">A stale <c>If-Match</c>.</exception>
    Task<bool> DeleteAsync(string key, WriteCondition condition, CancellationToken cancellationToken = default);

    /// <summary>Lists blobs whose key starts with <paramref name="prefix"/>, in ordinal key order.</summary>
    IAsyncEnumerable<BlobEntry> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Opens a blob for streaming reads (artifacts), or null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Streams <paramref name="content"/> into a blob without holding it whole in memory; returns the new ETag.</summary>
    /// <exception cref="StoreConflictException">The condition did not hold.</exception>
    Task<string> UploadAsync(string key, Stream content, WriteCondition condition, CancellationToken cancellationToken = default);

    /// <summary>Proves the backend is reachable and usable; throws <see cref="StoreUnavailableException"/> with the reason otherwise.</summary>
    Task CheckReadyAsync(CancellationToken cancellationToken = default);
}
