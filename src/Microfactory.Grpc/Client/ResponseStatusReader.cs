using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microfactory.Grpc.Protocol;

namespace Microfactory.Grpc.Client;

/// <summary>Reads a call's status from a response: grpc-status and grpc-message, or what a non-gRPC response implies.</summary>
internal static class ResponseStatusReader
{
    /// <summary>The final status when the response headers already decide it (trailers-only, HTTP error, not gRPC).</summary>
    public static Status? FromHeaders(HttpResponseMessage response)
    {
        if (TryRead(response.Headers, out var status))
        {
            return status;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            var code = HttpStatusMapping.FromHttpStatus((int)response.StatusCode);
            return new Status(code, $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}");
        }

        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (!GrpcProtocolConstants.IsGrpcContentType(response.Content.Headers.ContentType?.ToString()))
        {
            return new Status(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {contentType}");
        }

        return null;
    }

    public static bool TryRead(HttpHeaders headers, out Status status)
    {
        status = default;
        if (!headers.NonValidated.TryGetValues(GrpcProtocolConstants.StatusTrailer, out var values))
        {
            return false;
        }

        var raw = values.FirstOrDefault();
        var message = headers.NonValidated.TryGetValues(GrpcProtocolConstants.MessageTrailer, out var messages)
            ? PercentEncoding.Decode(messages.FirstOrDefault() ?? string.Empty)
            : string.Empty;
        status = int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 0 and <= 16
            ? new Status((StatusCode)code, message)
            : new Status(StatusCode.Unknown, $"Bad gRPC response. Invalid grpc-status value '{raw}'. {message}");
        return true;
    }
}
