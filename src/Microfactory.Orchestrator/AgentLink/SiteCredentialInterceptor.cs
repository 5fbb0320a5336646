using Grpc.Core;
using Grpc.Core.Interceptors;
using Microfactory.Network.Credentials;

namespace Microfactory.Orchestrator.AgentLink;

/// <summary>
/// Every AgentLink call must carry a valid site credential (<c>authorization: Bearer ...</c>); the site it acts for
/// travels on to the handler in the call's user state. Calls without one end UNAUTHENTICATED before any message is
/// read. Only AgentLink has this interceptor: Enrolment.Enroll, which trades a one-time token for a credential, is a
/// separate service and the one call that needs none.
/// </summary>
public sealed partial class SiteCredentialInterceptor(SiteCredentials credentials, ILogger<SiteCredentialInterceptor> logger) : Interceptor
{
    private static readonly object SiteKey = new();

    /// <summary>The site whose credential the call presented (set by this interceptor before the handler runs).</summary>
    public static string SiteOf(ServerCallContext context) => CallerOf(context).SiteId;

    /// <summary>The site and credential the call presented (set by this interceptor before the handler runs).</summary>
    public static SiteCaller CallerOf(ServerCallContext context) =>
        context.UserState.TryGetValue(SiteKey, out var caller) && caller is SiteCaller site
            ? site
            : throw new InvalidOperationException($"{nameof(SiteCredentialInterceptor)} is not registered for {context.Method}.");

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        var authorization = context.RequestHeaders.GetValue("authorization");
        if (await credentials.AuthenticateAsync(authorization) is not { } site)
        {
            LogRefused(context.Method, context.Peer);
            throw new RpcException(new Status(StatusCode.Unauthenticated, Refusal(authorization)));
        }

        context.UserState[SiteKey] = site;
    }

    private static string Refusal(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return "A site credential is required: authorization: Bearer <site credential>.";
        }

        return SiteSecrets.SiteOfCredential(authorization.Replace("Bearer ", "", StringComparison.OrdinalIgnoreCase).Trim()) is { } site
            ? $"Site credential refused: site '{site}' has no such credential now (revoked, or rotated and past its grace period); an admin issues a new one (docs/agent-protocol.md, \"Site credentials\")."
            : "Unknown site credential: the orchestrator has no site with this credential (authorization: Bearer <site credential>).";
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Refused {Method} from {Peer}: no or unknown site credential")]
    private partial void LogRefused(string method, string peer);
}
