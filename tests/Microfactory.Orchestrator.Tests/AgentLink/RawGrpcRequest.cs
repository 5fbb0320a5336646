using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Microfactory.Orchestrator.Tests.AgentLink;

/// <summary>
/// Hand-framed gRPC bodies over plain HttpClient (HTTP/2, prior knowledge), so a test sees the exact status, headers,
/// trailers and bytes that come back, without a gRPC client smoothing anything over.
/// </summary>
internal static class RawGrpcRequest
{
    public static HttpClient CreateClient(HttpMessageHandler handler) => new(handler, disposeHandler: false)
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    public static async Task<RawGrpcResponse> SendAsync(
        HttpClient client, Uri address, string path, byte[] body, string? contentType = "application/grpc", params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        request.Headers.TE.ParseAdd("trailers");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request).Within($"the response to a raw request to {path}");
        var responseBody = await response.Content.ReadAsByteArrayAsync().Within($"the body of the raw response from {path}");
        return new RawGrpcResponse(
            response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.NonValidated.ToDictionary(h => h.Key, h => string.Join(",", h.Value)),
            response.TrailingHeaders.NonValidated.ToDictionary(h => h.Key, h => string.Join(",", h.Value)),
            responseBody);
    }

    /// <summary>A 5-byte prefix with the given flag and declared length, followed by the given bytes (which may disagree with it).</summary>
    public static byte[] Frame(byte flag, uint declaredLength, params byte[] payload) =>
        [flag, (byte)(declaredLength >> 24), (byte)(declaredLength >> 16), (byte)(declaredLength >> 8), (byte)declaredLength, .. payload];

    /// <summary>A well-formed frame holding <paramref name="message"/>.</summary>
    public static byte[] Frame(IMessage message) => Frame(0, (uint)message.CalculateSize(), message.ToByteArray());
}

internal sealed record RawGrpcResponse(HttpStatusCode HttpStatus, string? ContentType, Dictionary<string, string> Headers, Dictionary<string, string> Trailers, byte[] Body)
{
    /// <summary>The grpc-status from the trailers, or from the headers of a trailers-only response.</summary>
    public string? GrpcStatus => Trailers.GetValueOrDefault("grpc-status") ?? Headers.GetValueOrDefault("grpc-status");

    public string GrpcMessage => Uri.UnescapeDataString(Trailers.GetValueOrDefault("grpc-message") ?? Headers.GetValueOrDefault("grpc-message") ?? string.Empty);

    public override string ToString() =>
        $"HTTP {(int)HttpStatus} {ContentType}, grpc-status {GrpcStatus}, grpc-message '{GrpcMessage}', {Body.Length} body bytes";
}
