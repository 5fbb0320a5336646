using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Microfactory.Orchestrator.AgentLink;

/// <summary>
/// Every AgentLink call must carry a registered site credential (<c>authorization: Bearer ...</c>); the site it
/// belongs to travels on to the handler in the call's user state. Calls without one end UNAUTHENTICATED before any
/// message is read.
/// </summary>
public sealed partial class SiteCredentialInterceptor(SiteCredentials credentials, ILogger<SiteCredentialInterceptor> logger) : Interceptor
{
    private static readonly object SiteKey = new();

    /// <summary>The site whose credential the call presented (set by this interceptor before the handler runs).</summary>
    public static string SiteOf(ServerCallContext context) =>
        context.UserState.TryGetValue(SiteKey, out var site) && site is string id
            ? id
            : throw new InvalidOperationException($"{nameof(SiteCredentialInterceptor)} is not registered for {context.Method}.");

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authenticate(ServerCallContext context)
    {
        var authorization = context.RequestHeaders.GetValue("authorization");
        if (credentials.SiteOf(authorization) is not { } site)
        {
            LogRefused(context.Method, context.Peer);
            throw new RpcException(new Status(StatusCode.Unauthenticated, string.IsNullOrEmpty(authorization)
                ? "A site credential is required: authorization: Bearer <site credential>."
                : "Unknown site credential: the orchestrator has no site with this credential (authorization: Bearer <site credential>)."));
        }

        context.UserState[SiteKey] = site;
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Refused {Method} from {Peer}: no or unknown site credential")]
    private partial void LogRefused(string method, string peer);
}
