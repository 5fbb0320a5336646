using System.Collections.Concurrent;

namespace Microfactory.Storage.AzureBlob.Tests;

/// <summary>Passes requests through to the real network and remembers what was asked, to see how the store talked to Azurite.</summary>
public sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    public ConcurrentQueue<string> Requests { get; } = new();

    public int Count(string method, string queryPart) =>
        Requests.Count(r => r.StartsWith(method + " ", StringComparison.Ordinal) && r.Contains(queryPart, StringComparison.Ordinal));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue($"{request.Method} {request.RequestUri}");
        return base.SendAsync(request, cancellationToken);
    }
}
