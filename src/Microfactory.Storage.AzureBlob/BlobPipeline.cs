using Azure.Core;
using Azure.Core.Pipeline;

namespace Microfactory.Storage.AzureBlob;

/// <summary>The Azure.Core pipeline for Blob REST: exponential retries on transient answers, authentication per attempt.</summary>
internal static class BlobPipeline
{
    public static HttpPipeline Build(AzureBlobStoreOptions options, HttpPipelinePolicy authentication, HttpPipelineTransport? transport)
    {
        var client = new BlobClientOptions();
        client.Retry.Mode = RetryMode.Exponential;
        client.Retry.MaxRetries = options.MaxRetries;
        client.Retry.Delay = options.RetryDelay;
        client.Retry.MaxDelay = options.MaxRetryDelay;
        client.Retry.NetworkTimeout = options.NetworkTimeout;
        if (transport is not null)
        {
            client.Transport = transport;
        }

        // Per retry, so each attempt is signed (or gets a token) after the retry policy has stamped it.
        return HttpPipelineBuilder.Build(client, perCallPolicies: [], perRetryPolicies: [authentication], new BlobRetryClassifier());
    }

    private sealed class BlobClientOptions : ClientOptions;
}
