namespace Microfactory.Storage;

/// <summary>
/// Blob leases, where a backend has them (Azure Blob): a time-limited exclusive write lock on one blob, for work that
/// one node at a time must do. While a blob is leased, writes and deletes that do not carry the lease fail with 412.
/// </summary>
public interface IBlobLeases
{
    /// <summary>Takes the lease for <paramref name="duration"/> (15 to 60 seconds, or <see cref="Timeout.InfiniteTimeSpan"/>); returns its id.</summary>
    /// <exception cref="BlobLeaseException">The blob is missing or already leased.</exception>
    Task<string> AcquireLeaseAsync(string key, TimeSpan duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default);

    /// <summary>Restarts the lease's clock; fails when the lease was lost (expired and taken, or broken).</summary>
    Task RenewLeaseAsync(string key, string leaseId, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease up so another node can take it at once.</summary>
    Task ReleaseLeaseAsync(string key, string leaseId, CancellationToken cancellationToken = default);

    /// <summary>Writes a leased blob as the lease holder (the write carries the lease id, and <paramref name="condition"/> as usual).</summary>
    /// <exception cref="StoreConflictException">412: the lease id is not the blob's current lease, or the condition did not hold.</exception>
    Task<string> PutLeasedAsync(string key, ReadOnlyMemory<byte> content, string leaseId, WriteCondition condition, CancellationToken cancellationToken = default);

    /// <summary>Ends whoever's lease after <paramref name="breakPeriod"/> (immediately when zero); returns the time until it can be taken.</summary>
    Task<TimeSpan> BreakLeaseAsync(string key, TimeSpan breakPeriod, CancellationToken cancellationToken = default);
}

/// <summary>A lease operation was refused; <see cref="ErrorCode"/> is the backend's reason (e.g. LeaseAlreadyPresent).</summary>
public sealed class BlobLeaseException(string key, string errorCode, string message, Exception? inner = null)
    : Exception($"Lease on '{key}' refused ({errorCode}): {message}", inner)
{
    public string Key { get; } = key;

    public string ErrorCode { get; } = errorCode;
}
