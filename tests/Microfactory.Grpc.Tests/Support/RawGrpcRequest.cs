using System.Net;
using System.Net.Http.Headers;
using Microfactory.Testing;

namespace Microfactory.Grpc.Tests.Support;

/// <summary>
/// Sends hand-framed gRPC bodies over plain HttpClient (HTTP/2) and returns what came back, so tests can assert on
/// the exact bytes, headers and trailers without going through our client.
/// </summary>
internal static class RawGrpcRequest
{
    public static HttpClient CreateClient(HttpMessageHandler handler) => new(handler, disposeHandler: false)
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    public static async Task<RawGrpcResponse> SendAsync(
        HttpClient client, Uri address, string path, byte[] body, string contentType = "application/grpc", params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TE.ParseAdd("trailers");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request).Within($"the response to a raw request to {path}");
        var responseBody = await response.Content.ReadAsByteArrayAsync().Within($"the body of the raw response from {path}");
        return new RawGrpcResponse(
            response.StatusCode,
            response.Headers.NonValidated.ToDictionary(h => h.Key, h => string.Join(",", h.Value)),
            response.TrailingHeaders.NonValidated.ToDictionary(h => h.Key, h => string.Join(",", h.Value)),
            responseBody);
    }

    /// <summary>A 5-byte prefix with the given flag and length, followed by the given bytes (which may disagree with it).</summary>
    public static byte[] Frame(byte flag, uint declaredLength, params byte[] payload) =>
        [flag, (byte)(declaredLength >> 24), (byte)(declaredLength >> 16), (byte)(declaredLength >> 8), (byte)declaredLength, .. payload];
}

internal sealed record RawGrpcResponse(HttpStatusCode HttpStatus, Dictionary<string, string> Headers, Dictionary<string, string> Trailers, byte[] Body)
{
    /// <summary>The grpc-status from the trailers, or from the headers of a trailers-only response.</summary>
    public string? GrpcStatus => Trailers.GetValueOrDefault("grpc-status") ?? Headers.GetValueOrDefault("grpc-status");

    public string GrpcMessage => Protocol.PercentEncoding.Decode(Trailers.GetValueOrDefault("grpc-message") ?? Headers.GetValueOrDefault("grpc-message") ?? string.Empty);

    public override string ToString() =>
        $"HTTP {(int)HttpStatus}, grpc-status {GrpcStatus}, grpc-message '{GrpcMessage}', {Body.Length} body bytes";
}
