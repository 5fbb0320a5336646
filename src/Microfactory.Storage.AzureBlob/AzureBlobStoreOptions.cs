namespace Microfactory.Storage.AzureBlob;

/// <summary>Tuning of the Azure Blob backend; defaults suit both Azure and Azurite.</summary>
public sealed class AzureBlobStoreOptions
{
    /// <summary>The container holding every blob of this store; created on first use when missing.</summary>
    public string Container { get; set; } = "microfactory";

    /// <summary>
    /// Uploads larger than this go up in blocks of this size (Put Block / Put Block List); it is also the most an
    /// upload holds in memory at once. Azure allows up to 4000 MiB per block.
    /// </summary>
    public int BlockSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Blocks of one upload in flight at once; an upload holds at most this many blocks plus one in memory.</summary>
    public int UploadParallelism { get; set; } = 4;

    /// <summary>Streamed downloads fetch ranges of this size, one at a time.</summary>
    public int DownloadRangeSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Blobs per List Blobs page (Azure's maximum is 5000); listing follows NextMarker across pages.</summary>
    public int ListPageSize { get; set; } = 5000;

    /// <summary>Retries of a request answered 408, 429, 500, 502, 503 or 504, or lost to a timeout or network error.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>First retry delay; it doubles (with jitter) on each retry up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one request (or one read of a streamed response) may take before it counts as timed out and is retried.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    internal void Validate()
    {
        ContainerName.Validate(Container);
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockSize, 1, nameof(BlockSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(UploadParallelism, 1, nameof(UploadParallelism));
        ArgumentOutOfRangeException.ThrowIfLessThan(DownloadRangeSize, 1, nameof(DownloadRangeSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(ListPageSize, 1, nameof(ListPageSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ListPageSize, 5000, nameof(ListPageSize));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(NetworkTimeout, TimeSpan.Zero, nameof(NetworkTimeout));
    }
}

internal static class ContainerName
{
    public static void Validate(string name)
    {
        // Azure's rule: 3-63 characters, lower-case letters, digits and single hyphens, starting with a letter or digit.
        var ok = name is { Length: >= 3 and <= 63 }
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            && name[0] != '-' && name[^1] != '-' && !name.Contains("--", StringComparison.Ordinal);
        if (!ok)
        {
            throw new ArgumentException(
                $"Invalid Azure Blob container name '{name}': use 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(name));
        }
    }
}
