namespace Microfactory.Grpc.Protocol;

/// <summary>Header names and values of the gRPC over HTTP/2 protocol.</summary>
internal static class GrpcProtocolConstants
{
    public const string ContentType = "application/grpc";
    public const string TimeoutHeader = "grpc-timeout";
    public const string StatusTrailer = "grpc-status";
    public const string MessageTrailer = "grpc-message";
    public const string MessageEncodingHeader = "grpc-encoding";
    public const string MessageAcceptEncodingHeader = "grpc-accept-encoding";
    public const string TeHeader = "te";
    public const string TeTrailers = "trailers";
    public const string IdentityEncoding = "identity";
    public const string UserAgent = "microfactory-grpc-dotnet/1.0";

    /// <summary>The 5-byte prefix: 1 compression flag byte and a 4-byte big-endian length.</summary>
    public const int HeaderSize = 5;

    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;

    /// <summary>
    /// True for a <c>content-type</c> gRPC accepts: <c>application/grpc</c> optionally followed by
    /// <c>+proto</c> or another subtype, or by parameters.
    /// </summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (contentType.Length == ContentType.Length)
        {
            return true;
        }

        var next = contentType[ContentType.Length];
        return next is '+' or ';';
    }

    /// <summary>Headers the protocol owns; they never surface as user metadata.</summary>
    public static bool IsReservedHeader(string name) =>
        name.StartsWith(':')
        || name.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase)
        || name.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        || name.Equals("content-length", StringComparison.OrdinalIgnoreCase)
        || name.Equals(TeHeader, StringComparison.OrdinalIgnoreCase)
        || name.Equals("host", StringComparison.OrdinalIgnoreCase)
        || name.Equals("user-agent", StringComparison.OrdinalIgnoreCase)
        || name.Equals("accept-encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("date", StringComparison.OrdinalIgnoreCase)
        || name.Equals("server", StringComparison.OrdinalIgnoreCase)
        || name.Equals("traceparent", StringComparison.OrdinalIgnoreCase)
        || name.Equals("tracestate", StringComparison.OrdinalIgnoreCase);
}
