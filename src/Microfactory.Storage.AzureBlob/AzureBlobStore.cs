using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microfactory.Storage.AzureBlob;

/// <summary>
/// The store on Azure Blob Storage (or Azurite) through the Azure.Storage.Blobs SDK. Azure itself enforces the ETag
/// conditions, so any number of orchestrator nodes can share one container.
/// </summary>
public sealed class AzureBlobStore : IBlobStore
{
    private readonly BlobContainerClient _container;
    private readonly BlobContainerClient _probe;
    private readonly AzureBlobStoreOptions _options;
    private readonly ILogger _logger;
    private readonly string _where;
    private volatile bool _containerExists;

    /// <param name="connect">The service client for the given client options (its credential is the caller's business).</param>
    internal AzureBlobStore(Func<BlobClientOptions, BlobServiceClient> connect, AzureBlobStoreOptions options, ILogger? logger)
    {
        options.Validate();
        _options = options;
        _container = connect(options.ClientOptions()).GetBlobContainerClient(options.Container);
        // Readiness makes one attempt: it reports the store as it is now (at once, with the reason), and the prober asks again.
        _probe = connect(options.ClientOptions(maxRetries: 0)).GetBlobContainerClient(options.Container);
        _logger = logger ?? NullLogger.Instance;
        var uri = _container.Uri;
        _where = $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}"; // without the query: a SAS never reaches a message
    }

    /// <summary>A store on a storage connection string: Shared Key or SAS, Azurite's <c>UseDevelopmentStorage=true</c> included.</summary>
    /// <exception cref="ArgumentException">The connection string is malformed (the message never repeats it).</exception>
    public static AzureBlobStore FromConnectionString(string connectionString, AzureBlobStoreOptions? options = null, ILogger<AzureBlobStore>? logger = null)
    {
        ValidateConnectionString(connectionString);
        return new AzureBlobStore(client => new BlobServiceClient(connectionString, client), options ?? new AzureBlobStoreOptions(), logger);
    }

    /// <summary>A store on an account URL (https://account.blob.core.windows.net) with Microsoft Entra tokens, e.g. a workload identity.</summary>
    public static AzureBlobStore FromAccountUrl(Uri accountUrl, TokenCredential credential, AzureBlobStoreOptions? options = null,
        ILogger<AzureBlobStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(accountUrl);
        ArgumentNullException.ThrowIfNull(credential);
        ValidateAccountUrl(accountUrl);
        return new AzureBlobStore(client => new BlobServiceClient(accountUrl, credential, client), options ?? new AzureBlobStoreOptions(), logger);
    }

    public async Task<StoredBlob?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        try
        {
            var result = (await Blob(key).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            return new StoredBlob(result.Content.ToMemory(), Quoted(result.Details.ETag));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // no blob, or no container yet
        }
        catch (Exception e) when (Failure(e, $"read '{key}'", key, default, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    public Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        return WriteAsync(key, condition, replayable: true,
            options => Blob(key).UploadAsync(new BinaryData(content), options, cancellationToken), cancellationToken);
    }

    public Task<string> UploadAsync(string key, Stream content, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        ArgumentNullException.ThrowIfNull(content);
        return WriteAsync(key, condition, replayable: false, options => Blob(key).UploadAsync(content, options, cancellationToken), cancellationToken);
    }

    public async Task<bool> DeleteAsync(string key, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        if (condition.IfNoneMatchAny)
        {
            throw new ArgumentException("A delete cannot be conditional on If-None-Match: *.", nameof(condition));
        }

        try
        {
            if (condition.IfMatch is null)
            {
                return (await Blob(key).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, null, cancellationToken).ConfigureAwait(false)).Value;
            }

            await Blob(key).DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, Conditions(condition), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Only an If-Match delete gets here (DeleteIfExists answers false): the version it names is gone.
            throw new StoreConflictException(key, StoreConflictKind.PreconditionFailed, "the blob does not exist");
        }
        catch (Exception e) when (Failure(e, $"delete '{key}'", key, condition, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    public async IAsyncEnumerable<BlobEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var pages = _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix.Length > 0 ? prefix : null }, cancellationToken)
            .AsPages(pageSizeHint: _options.ListPageSize)
            .GetAsyncEnumerator(cancellationToken);
        await using (pages.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await pages.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (RequestFailedException e) when (BlobErrors.Is(e, BlobErrorCode.ContainerNotFound))
                {
                    yield break; // no container yet, so no blobs
                }
                catch (Exception e) when (Failure(e, $"list blobs under '{prefix}'", null, default, cancellationToken) is { } failure)
                {
                    throw failure;
                }

                // Azure lists in UTF-8 byte order, which is ordinal for the ASCII keys BlobKey allows.
                foreach (var item in pages.Current.Values)
                {
                    var properties = item.Properties;
                    yield return new BlobEntry(item.Name, Quoted(properties.ETag ?? default), properties.ContentLength ?? 0, properties.LastModified ?? default);
                }
            }
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        try
        {
            // Not allowing modifications: every range is If-Match the ETag seen at open, so a blob replaced
            // mid-download fails the read (412) instead of splicing two versions together.
            var options = new BlobOpenReadOptions(allowModifications: false) { BufferSize = _options.DownloadRangeSize };
            return await Blob(key).OpenReadAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (Exception e) when (Failure(e, $"read '{key}'", key, default, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    public async Task CheckReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await CreateContainerIfMissingAsync(_probe, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var unavailable = Failure(e, $"create container '{_options.Container}'", null, default, cancellationToken) as StoreUnavailableException
                ?? new StoreUnavailableException($"Azure Blob at {_where} is not usable: {(e is RequestFailedException r ? BlobErrors.Detail(r) : e.Message)}", e);
            BlobStoreLog.NotReady(_logger, unavailable.Message);
            throw unavailable;
        }
    }

    internal static void ValidateConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        try
        {
            _ = new BlobServiceClient(connectionString);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new ArgumentException($"Invalid Azure Storage connection string ({e.Message}). Expected 'UseDevelopmentStorage=true' or " +
                "'DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...[;BlobEndpoint=...]'.", nameof(connectionString), e);
        }
    }

    internal static void ValidateAccountUrl(Uri accountUrl)
    {
        if (!accountUrl.IsAbsoluteUri || accountUrl.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"The account URL '{accountUrl}' must be an absolute https URL (tokens are never sent in clear).", nameof(accountUrl));
        }
    }

    private BlobClient Blob(string key) => _container.GetBlobClient(key);

    /// <summary>Writes through the SDK; the container is made on the first write of this instance (or after it was found missing).</summary>
    /// <param name="replayable">The content can be sent again, so a write that finds the container gone re-creates it and retries once.</param>
    private async Task<string> WriteAsync(string key, WriteCondition condition, bool replayable,
        Func<BlobUploadOptions, Task<Response<BlobContentInfo>>> upload, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions { Conditions = Conditions(condition), TransferOptions = _options.TransferOptions };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (!_containerExists)
                {
                    await CreateContainerIfMissingAsync(_container, cancellationToken).ConfigureAwait(false);
                }

                return Quoted((await upload(options).ConfigureAwait(false)).Value.ETag);
            }
            catch (RequestFailedException e) when (BlobErrors.Is(e, BlobErrorCode.ContainerNotFound))
            {
                _containerExists = false; // deleted since this instance saw it: the next write makes it again
                if (!replayable || attempt > 0)
                {
                    throw;
                }
            }
            catch (Exception e) when (Failure(e, $"write '{key}'", key, condition, cancellationToken) is { } failure)
            {
                throw failure;
            }
        }
    }

    private async Task CreateContainerIfMissingAsync(BlobContainerClient client, CancellationToken cancellationToken)
    {
        if (await client.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false) is not null)
        {
            BlobStoreLog.ContainerCreated(_logger, _options.Container);
        }

        _containerExists = true;
    }

    private Exception? Failure(Exception e, string operation, string? key, WriteCondition condition, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? null : BlobErrors.Translate(e, operation, key, condition, _where);

    private static BlobRequestConditions? Conditions(WriteCondition condition) =>
        condition.IfNoneMatchAny ? new BlobRequestConditions { IfNoneMatch = ETag.All }
        : condition.IfMatch is { } etag ? new BlobRequestConditions { IfMatch = new ETag(etag) }
        : null;

    // Listings give the ETag bare, headers quoted; callers compare what a listing says with what a write returned.
    private static string Quoted(ETag etag) => etag.ToString("H");
}
