using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microfactory.Storage.AzureBlob;

/// <summary>
/// The store on Azure Blob Storage (or Azurite), over the Blob REST API on the Azure.Core pipeline. Azure itself
/// enforces the ETag conditions, so any number of orchestrator nodes can share one container.
/// </summary>
public sealed partial class AzureBlobStore : IBlobStore, IBlobLeases
{
    private readonly BlobHttp _http;
    private readonly AzureBlobStoreOptions _options;
    private readonly ILogger _logger;

    internal AzureBlobStore(BlobHttp http, AzureBlobStoreOptions options, ILogger? logger)
    {
        _http = http;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>A store authenticated with the Shared Key of a connection string (Azurite's <c>UseDevelopmentStorage=true</c> included).</summary>
    public static AzureBlobStore FromConnectionString(string connectionString, AzureBlobStoreOptions? options = null,
        ILogger<AzureBlobStore>? logger = null, HttpPipelineTransport? transport = null)
    {
        var account = StorageConnectionString.Parse(connectionString);
        options ??= new AzureBlobStoreOptions();
        options.Validate();
        var pipeline = BlobPipeline.Build(options, new SharedKeyPolicy(account.AccountName, account.AccountKey, TimeProvider.System), transport);
        return new AzureBlobStore(new BlobHttp(account.BlobEndpoint, options.Container, pipeline), options, logger);
    }

    /// <summary>A store on an account URL (https://account.blob.core.windows.net) with Microsoft Entra tokens, e.g. a managed identity.</summary>
    public static AzureBlobStore FromAccountUrl(Uri accountUrl, TokenCredential credential, AzureBlobStoreOptions? options = null,
        ILogger<AzureBlobStore>? logger = null, HttpPipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(accountUrl);
        ArgumentNullException.ThrowIfNull(credential);
        if (!accountUrl.IsAbsoluteUri || accountUrl.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"The account URL '{accountUrl}' must be an absolute https URL (tokens are never sent in clear).", nameof(accountUrl));
        }

        options ??= new AzureBlobStoreOptions();
        options.Validate();
        var pipeline = BlobPipeline.Build(options, new BearerTokenAuthenticationPolicy(credential, "https://storage.azure.com/.default"), transport);
        return new AzureBlobStore(new BlobHttp(accountUrl, options.Container, pipeline), options, logger);
    }

    public async Task<StoredBlob?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        using var message = _http.Create(RequestMethod.Get, key);
        var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            200 => new StoredBlob(response.Content.ToMemory(), ETagOf(response)),
            404 => null,
            _ => throw BlobErrors.For(response, $"read '{key}'", key),
        };
    }

    public Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        if (content.Length > _options.BlockSize)
        {
            return UploadAsync(key, AsStream(content), condition, cancellationToken);
        }

        return PutBlobAsync(key, content, condition, cancellationToken);
    }

    public Task<string> UploadAsync(string key, Stream content, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        ArgumentNullException.ThrowIfNull(content);
        return new BlockUploader(this, key, condition, _options.BlockSize, _options.UploadParallelism).UploadAsync(content, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string key, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        if (condition.IfNoneMatchAny)
        {
            throw new ArgumentException("A delete cannot be conditional on If-None-Match: *.", nameof(condition));
        }

        using var message = _http.Create(RequestMethod.Delete, key);
        AddCondition(message.Request, condition);
        var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            202 => true,
            404 when condition.IfMatch is null => false,
            404 => throw new StoreConflictException(key, StoreConflictKind.PreconditionFailed, "the blob does not exist"),
            _ => throw BlobErrors.For(response, $"delete '{key}'", key),
        };
    }

    public async IAsyncEnumerable<BlobEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        string? marker = null;
        do
        {
            BlobListPage page;
            using (var message = _http.Create(RequestMethod.Get, null, ListQuery(prefix, marker)))
            {
                var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
                if (response.Status == 404)
                {
                    yield break; // no container yet, so no blobs
                }

                if (response.Status != 200)
                {
                    throw BlobErrors.For(response, $"list blobs under '{prefix}'", null);
                }

                page = BlobListPage.Parse(response.ContentStream!);
            }

            foreach (var entry in page.Entries)
            {
                yield return entry;
            }

            marker = page.NextMarker;
        }
        while (!string.IsNullOrEmpty(marker));
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        return await RangedDownloadStream.OpenAsync(_http, key, _options.DownloadRangeSize, cancellationToken).ConfigureAwait(false);
    }

    public async Task CheckReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await CreateContainerIfMissingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException e)
        {
            BlobStoreLog.NotReady(_logger, e.Message);
            throw;
        }
        catch (RequestFailedException e)
        {
            BlobStoreLog.NotReady(_logger, e.Message);
            throw new StoreUnavailableException($"Azure Blob at {_http.Describe} is not usable: {e.Message}", e);
        }
    }

    /// <summary>Sends a write, creating the container first when Azure says it is missing.</summary>
    internal async Task<T> SendWriteAsync<T>(Func<HttpMessage> build, int success, Func<Response, T> onSuccess, Func<Response, Exception> onFailure,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var message = build();
            var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (response.Status == success)
            {
                return onSuccess(response);
            }

            if (attempt == 0 && response.Status == 404 && BlobErrors.Code(response) == "ContainerNotFound")
            {
                await CreateContainerIfMissingAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            throw onFailure(response);
        }
    }

    internal BlobHttp Http => _http;

    private static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    internal Task<string> PutBlobAsync(string key, ReadOnlyMemory<byte> content, WriteCondition condition, CancellationToken cancellationToken,
        string? leaseId = null) =>
        SendWriteAsync(
            () =>
            {
                var message = _http.Create(RequestMethod.Put, key);
                message.Request.Headers.Add("x-ms-blob-type", "BlockBlob");
                AddCondition(message.Request, condition);
                if (leaseId is not null)
                {
                    message.Request.Headers.Add("x-ms-lease-id", leaseId);
                }

                message.Request.Content = RequestContent.Create(content);
                return message;
            },
            201, ETagOf, response => WriteFailure(response, key, condition), cancellationToken);

    internal static Exception WriteFailure(Response response, string key, WriteCondition condition) =>
        response.Status == 404 && condition.IfMatch is not null && BlobErrors.Code(response) == "BlobNotFound"
            ? new StoreConflictException(key, StoreConflictKind.PreconditionFailed, "the blob does not exist")
            : BlobErrors.For(response, $"write '{key}'", key);

    internal static void AddCondition(Request request, WriteCondition condition)
    {
        if (condition.IfNoneMatchAny)
        {
            request.Headers.Add("If-None-Match", "*");
        }
        else if (condition.IfMatch is { } etag)
        {
            request.Headers.Add("If-Match", etag);
        }
    }

    internal static string ETagOf(Response response) =>
        response.Headers.TryGetValue("ETag", out var etag) ? etag : throw new InvalidDataException("Azure Blob answered without an ETag.");

    private (string, string)[] ListQuery(string prefix, string? marker)
    {
        var query = new List<(string, string)> { ("restype", "container"), ("comp", "list"), ("maxresults", _options.ListPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        if (prefix.Length > 0)
        {
            query.Add(("prefix", prefix));
        }

        if (marker is not null)
        {
            query.Add(("marker", marker));
        }

        return [.. query];
    }

    private async Task CreateContainerIfMissingAsync(CancellationToken cancellationToken)
    {
        using var message = _http.Create(RequestMethod.Put, null, ("restype", "container"));
        var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        switch (response.Status)
        {
            case 201:
                BlobStoreLog.ContainerCreated(_logger, _http.Container);
                return;
            case 409 when BlobErrors.Code(response) == "ContainerAlreadyExists":
                return;
            default:
                throw BlobErrors.For(response, $"create container '{_http.Container}'", null);
        }
    }
}
