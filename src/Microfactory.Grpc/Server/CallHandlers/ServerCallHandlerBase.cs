using System.Diagnostics;
using Google.Protobuf;
using Microfactory.Grpc.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace Microfactory.Grpc.Server.CallHandlers;

/// <summary>
/// The pipeline every call kind shares: HTTP/2 and content-type checks, request body limits, deadline,
/// invoking the kind-specific handler, and turning its outcome (or exception) into a status.
/// </summary>
internal abstract class ServerCallHandlerBase<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    protected ServerCallHandlerBase(GrpcMethod<TRequest, TResponse> method, GrpcServerOptions options, TimeProvider timeProvider, ILogger logger)
    {
        Method = method;
        Options = options;
        TimeProvider = timeProvider;
        Logger = logger;
    }

    protected GrpcMethod<TRequest, TResponse> Method { get; }

    protected GrpcServerOptions Options { get; }

    protected TimeProvider TimeProvider { get; }

    protected ILogger Logger { get; }

    /// <summary>True when the client streams requests: such bodies stay open and idle for long stretches.</summary>
    protected abstract bool IsRequestStreaming { get; }

    public async Task HandleCallAsync(HttpContext httpContext)
    {
        if (!await AcceptRequestAsync(httpContext).ConfigureAwait(false))
        {
            return;
        }

        RelaxBodyLimits(httpContext);
        ServerCall call;
        try
        {
            call = new ServerCall(httpContext, Method.FullName, Options, TimeProvider, Logger);
        }
        catch (RpcException ex)
        {
            // Request metadata the protocol cannot carry (e.g. a -bin header that is not base64).
            await RejectAsync(httpContext, StatusCodes.Status200OK, ex.StatusCode, ex.Status.Detail).ConfigureAwait(false);
            return;
        }

        // A child of Kestrel's request activity, which already continued the caller's traceparent.
        using var activity = GrpcDiagnostics.StartRpc(Method.ServiceName, Method.Name, ActivityKind.Server);
        await using (call.ConfigureAwait(false))
        {
            var (status, trailers) = await InvokeAsync(call).ConfigureAwait(false);
            GrpcDiagnostics.SetStatus(activity, status);
            await call.EndAsync(status, trailers).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the handler for one call kind; returns normally when the handler did.</summary>
    protected abstract Task HandleCallCoreAsync(ServerCall call);

    /// <summary>Reads the single request of a unary or server-streaming call, insisting there is exactly one.</summary>
    protected async Task<TRequest> ReadSingleRequestAsync(ServerCall call)
    {
        var reader = new HttpContextStreamReader<TRequest>(call, Method.RequestParser);
        if (!await reader.MoveNext(call.Context.CancellationToken).ConfigureAwait(false))
        {
            throw new RpcException(new Status(StatusCode.Internal, "Request message not supplied."));
        }

        var request = reader.Current;
        if (await reader.MoveNext(call.Context.CancellationToken).ConfigureAwait(false))
        {
            throw new RpcException(new Status(StatusCode.Internal, "Additional data after the request message."));
        }

        return request;
    }

    private async Task<(Status Status, Metadata Trailers)> InvokeAsync(ServerCall call)
    {
        try
        {
            await HandleCallCoreAsync(call).ConfigureAwait(false);
            return call.DeadlineExceeded
                ? (new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), call.Context.ResponseTrailers)
                : (call.Context.Status, call.Context.ResponseTrailers);
        }
        catch (Exception ex) when (call.DeadlineExceeded && ex is not RpcException { StatusCode: not StatusCode.Cancelled })
        {
            return (new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), call.Context.ResponseTrailers);
        }
        catch (RpcException ex)
        {
            return (ex.Status, MergeTrailers(call.Context.ResponseTrailers, ex.Trailers));
        }
        catch (Exception) when (call.Context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The client cancelled or went away: nobody is left to read a status.
            return (new Status(StatusCode.Cancelled, "Call cancelled by the client."), call.Context.ResponseTrailers);
        }
        catch (Exception ex)
        {
            GrpcServerLog.HandlerFailed(Logger, Method.FullName, ex);
            var detail = Options.EnableDetailedErrors
                ? $"Exception was thrown by handler. {ex.GetType().Name}: {ex.Message}"
                : "Exception was thrown by handler.";
            return (new Status(StatusCode.Unknown, detail), call.Context.ResponseTrailers);
        }
    }

    private async Task<bool> AcceptRequestAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            await RejectAsync(httpContext, StatusCodes.Status426UpgradeRequired, StatusCode.Internal, $"Request protocol '{request.Protocol}' is not supported; gRPC needs HTTP/2.").ConfigureAwait(false);
            return false;
        }

        if (!GrpcProtocolConstants.IsGrpcContentType(request.ContentType))
        {
            await RejectAsync(httpContext, StatusCodes.Status415UnsupportedMediaType, StatusCode.Internal, $"Content-Type '{request.ContentType}' is not supported; gRPC needs '{GrpcProtocolConstants.ContentType}'.").ConfigureAwait(false);
            return false;
        }

        string? encoding = request.Headers[GrpcProtocolConstants.MessageEncodingHeader];
        if (!string.IsNullOrEmpty(encoding) && !string.Equals(encoding, GrpcProtocolConstants.IdentityEncoding, StringComparison.Ordinal))
        {
            await RejectAsync(httpContext, StatusCodes.Status200OK, StatusCode.Unimplemented, $"Unsupported grpc-encoding value '{encoding}'; supported: identity.").ConfigureAwait(false);
            return false;
        }

        return true;
    }

    private void RelaxBodyLimits(HttpContext httpContext)
    {
        // Kestrel's body size and minimum data rate limits would end long-lived streams and reset the whole
        // connection; gRPC bounds each message instead.
        if (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        if (IsRequestStreaming && httpContext.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rateFeature)
        {
            rateFeature.MinDataRate = null;
        }
    }

    private async Task RejectAsync(HttpContext httpContext, int httpStatus, StatusCode code, string detail)
    {
        GrpcServerLog.RequestRejected(Logger, httpContext.Request.Path, detail);
        await GrpcResponses.WriteTrailersOnlyAsync(httpContext, httpStatus, new Status(code, detail)).ConfigureAwait(false);
    }

    private static Metadata MergeTrailers(Metadata first, Metadata second)
    {
        if (second.Count == 0)
        {
            return first;
        }

        var merged = new Metadata();
        foreach (var entry in first.Concat(second))
        {
            merged.Add(entry);
        }

        return merged;
    }
}
