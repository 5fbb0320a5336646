using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Microfactory.Storage.AzureBlob;

/// <summary>Builds Blob REST requests for one container and sends them through the Azure.Core pipeline.</summary>
internal sealed class BlobHttp(Uri accountEndpoint, string container, HttpPipeline pipeline)
{
    public const string ApiVersion = "2023-11-03";

    private readonly Uri _endpoint = new(accountEndpoint.ToString().TrimEnd('/'));

    public string Container => container;

    /// <summary>Where the account lives, for messages (never carries a credential).</summary>
    public string Describe => $"{_endpoint}/{container}";

    public HttpMessage Create(RequestMethod method, string? key, params (string Name, string Value)[] query)
    {
        var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(_endpoint);
        request.Uri.AppendPath("/" + container, escape: false);
        if (key is not null)
        {
            // Each segment escaped, the slashes kept: the blob's name is the key, and the signature covers this exact path.
            foreach (var segment in key.Split('/'))
            {
                request.Uri.AppendPath("/" + Uri.EscapeDataString(segment), escape: false);
            }
        }

        foreach (var (name, value) in query)
        {
            request.Uri.AppendQuery(name, value, true);
        }

        request.Headers.Add("x-ms-version", ApiVersion);
        return message;
    }

    /// <summary>Sends a request; network failures that outlast the retries become <see cref="StoreUnavailableException"/>.</summary>
    public async Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return message.Response;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsUnreachable(e))
        {
            throw new StoreUnavailableException($"Azure Blob at {Describe} is unreachable: {Innermost(e).Message}", e);
        }
        catch (Azure.Identity.AuthenticationFailedException e)
        {
            throw new StoreUnavailableException($"Azure Blob at {Describe}: no token for the storage account ({e.Message})", e);
        }
    }

    private static bool IsUnreachable(Exception e) => e switch
    {
        RequestFailedException { Status: 0 } => true,
        HttpRequestException or IOException or TimeoutException or TaskCanceledException => true,
        AggregateException a => a.InnerExceptions.All(IsUnreachable),
        _ => false,
    };

    private static Exception Innermost(Exception e)
    {
        while (true)
        {
            var next = e is AggregateException a ? a.InnerExceptions.LastOrDefault() : e.InnerException;
            if (next is null)
            {
                return e;
            }

            e = next;
        }
    }
}
