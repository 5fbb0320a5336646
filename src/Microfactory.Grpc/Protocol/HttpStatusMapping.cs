namespace Microfactory.Grpc.Protocol;

/// <summary>
/// The status a client reports when the HTTP response itself failed (no grpc-status), per the gRPC spec's
/// "HTTP to gRPC status code mapping".
/// </summary>
internal static class HttpStatusMapping
{
    public static StatusCode FromHttpStatus(int httpStatus) => httpStatus switch
    {
        400 => StatusCode.Internal,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.Unimplemented,
        429 or 502 or 503 or 504 => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };
}
