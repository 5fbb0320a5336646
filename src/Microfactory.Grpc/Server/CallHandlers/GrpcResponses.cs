using System.Globalization;
using Microfactory.Grpc.Protocol;
using Microsoft.AspNetCore.Http;

namespace Microfactory.Grpc.Server.CallHandlers;

/// <summary>Responses that end a call before any handler ran: the status travels in the headers alone.</summary>
internal static class GrpcResponses
{
    public static Task WriteTrailersOnlyAsync(HttpContext httpContext, int httpStatus, Status status)
    {
        var response = httpContext.Response;
        response.StatusCode = httpStatus;
        response.ContentType = GrpcProtocolConstants.ContentType;
        response.Headers[GrpcProtocolConstants.MessageAcceptEncodingHeader] = GrpcProtocolConstants.IdentityEncoding;
        response.Headers[GrpcProtocolConstants.StatusTrailer] = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(status.Detail))
        {
            response.Headers[GrpcProtocolConstants.MessageTrailer] = PercentEncoding.Encode(status.Detail);
        }

        return response.CompleteAsync();
    }
}
