using System.Globalization;
using Azure.Core;

namespace Microfactory.Storage.AzureBlob;

/// <summary>Append blobs: Put Blob with x-ms-blob-type AppendBlob, Append Block with an append-position condition, ranged Get Blob.</summary>
public sealed partial class AzureBlobStore
{
    /// <summary>Append Block's limit for one block (4 MiB; newer service versions allow more, Azurite does not).</summary>
    public int MaxAppendBytes => 4 * 1024 * 1024;

    public async Task<bool> CreateAppendBlobAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        for (var attempt = 0; ; attempt++)
        {
            using var message = _http.Create(RequestMethod.Put, key);
            message.Request.Headers.Add("x-ms-blob-type", "AppendBlob");
            message.Request.Headers.Add("If-None-Match", "*");
            message.Request.Content = RequestContent.Create(ReadOnlyMemory<byte>.Empty);
            var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            switch (response.Status)
            {
                case 201:
                    return true;
                case 409 when BlobErrors.Code(response) == "BlobAlreadyExists":
                    return false;
                case 404 when attempt == 0 && BlobErrors.Code(response) == "ContainerNotFound":
                    await CreateContainerIfMissingAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                default:
                    throw BlobErrors.For(response, $"create append blob '{key}'", key);
            }
        }
    }

    public async Task<long> AppendAsync(string key, ReadOnlyMemory<byte> block, long expectedLength, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedLength);
        if (block.Length == 0 || block.Length > MaxAppendBytes)
        {
            throw new ArgumentException($"An append carries 1 to {MaxAppendBytes} bytes; this one has {block.Length}.", nameof(block));
        }

        // A retry after a lost answer to an append that did land fails the position check (412): appends are never doubled.
        using var message = _http.Create(RequestMethod.Put, key, ("comp", "appendblock"));
        message.Request.Headers.Add("x-ms-blob-condition-appendpos", expectedLength.ToString(CultureInfo.InvariantCulture));
        message.Request.Content = RequestContent.Create(block);
        var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            201 => expectedLength + block.Length,
            412 => throw new StoreConflictException(key, StoreConflictKind.PreconditionFailed, $"412 {BlobErrors.Code(response)}: the blob is no longer {expectedLength} bytes long"),
            404 => throw new StoreConflictException(key, StoreConflictKind.PreconditionFailed, $"404 {BlobErrors.Code(response)}: the blob does not exist"),
            _ => throw BlobErrors.For(response, $"append to '{key}'", key),
        };
    }

    public async Task<ReadOnlyMemory<byte>?> ReadAppendedAsync(string key, long offset, int maxBytes, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        using var message = _http.Create(RequestMethod.Get, key);
        message.Request.Headers.Add("x-ms-range", string.Create(CultureInfo.InvariantCulture, $"bytes={offset}-{offset + maxBytes - 1}"));
        var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        // Typed arms: a bare null here would convert through byte[] to an empty ReadOnlyMemory, not to a null one.
        return response.Status switch
        {
            200 or 206 => (ReadOnlyMemory<byte>?)response.Content.ToMemory(),
            416 => (ReadOnlyMemory<byte>?)ReadOnlyMemory<byte>.Empty, // the range starts at or past the end: nothing appended since
            404 => (ReadOnlyMemory<byte>?)null,
            _ => throw BlobErrors.For(response, $"read '{key}' from {offset}", key),
        };
    }
}
