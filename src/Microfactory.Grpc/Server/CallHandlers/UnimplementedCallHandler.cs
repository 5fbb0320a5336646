using Microfactory.Grpc.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Microfactory.Grpc.Server.CallHandlers;

/// <summary>Answers gRPC requests for paths no method was mapped to: UNIMPLEMENTED (12), as the spec requires.</summary>
internal sealed class UnimplementedCallHandler(IReadOnlySet<string> knownServices, ILogger logger)
{
    public const string ServiceParameter = "unimplementedService";
    public const string MethodParameter = "unimplementedMethod";

    public Task HandleCallAsync(HttpContext httpContext)
    {
        GrpcServerLog.Unimplemented(logger, httpContext.Request.Path);
        var service = httpContext.GetRouteValue(ServiceParameter) as string ?? string.Empty;
        var detail = knownServices.Contains(service) ? "Method is unimplemented." : "Service is unimplemented.";
        return GrpcResponses.WriteTrailersOnlyAsync(httpContext, StatusCodes.Status200OK, new Status(StatusCode.Unimplemented, detail));
    }

    /// <summary>Matches only requests that claim to be gRPC, so the catch-all never steals other POST routes.</summary>
    internal sealed class GrpcContentTypeConstraint : IRouteConstraint
    {
        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
            httpContext is null || GrpcProtocolConstants.IsGrpcContentType(httpContext.Request.ContentType);
    }
}
