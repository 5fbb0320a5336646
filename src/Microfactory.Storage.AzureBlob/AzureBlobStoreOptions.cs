using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace Microfactory.Storage.AzureBlob;

/// <summary>Tuning of the Azure Blob backend; defaults suit both Azure and Azurite.</summary>
public sealed class AzureBlobStoreOptions
{
    /// <summary>The container holding every blob of this store; created on first use when missing.</summary>
    public string Container { get; set; } = "microfactory";

    /// <summary>
    /// Content up to this size goes up in one Put Blob; larger content in blocks of this size (Put Block, then Put Block
    /// List carrying the write's condition). It bounds what an upload holds in memory: about
    /// <see cref="UploadParallelism"/> + 1 blocks, whatever the blob's size.
    /// </summary>
    public int BlockSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Blocks of one upload in flight at once.</summary>
    public int UploadParallelism { get; set; } = 4;

    /// <summary>Streamed downloads fetch ranges of this size, one at a time, into one buffer of this size.</summary>
    public int DownloadRangeSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Blobs per List Blobs page (Azure's maximum is 5000).</summary>
    public int ListPageSize { get; set; } = 5000;

    /// <summary>Retries of a request answered 408, 429, 500, 502, 503 or 504, or lost to a timeout or network error (the SDK's rule: never 409 or 412).</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>First retry delay; it doubles (with jitter) on each retry up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one attempt (or one read of a streamed response) may take before it is abandoned and retried. The SDK's
    /// default of 100 s, times its retries, once held a run still for 6 minutes; 30 s still moves a 4 MiB block at 140 KB/s.
    /// </summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A test seam: the HTTP transport under the SDK's pipeline (e.g. one that counts requests).</summary>
    public HttpPipelineTransport? Transport { get; set; }

    internal StorageTransferOptions TransferOptions => new()
    {
        InitialTransferSize = BlockSize,
        MaximumTransferSize = BlockSize,
        MaximumConcurrency = UploadParallelism,
    };

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

    /// <param name="maxRetries">Overrides <see cref="MaxRetries"/> (the readiness probe makes one attempt).</param>
    internal BlobClientOptions ClientOptions(int? maxRetries = null)
    {
        var client = new BlobClientOptions();
        client.Retry.Mode = RetryMode.Exponential;
        client.Retry.MaxRetries = maxRetries ?? MaxRetries;
        client.Retry.Delay = RetryDelay;
        client.Retry.MaxDelay = MaxRetryDelay;
        client.Retry.NetworkTimeout = NetworkTimeout;
        if (Transport is not null)
        {
            client.Transport = Transport;
        }

        return client;
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
