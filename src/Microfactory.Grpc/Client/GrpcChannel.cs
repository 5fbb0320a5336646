using System.Net;
using Google.Protobuf;

namespace Microfactory.Grpc.Client;

/// <summary>
/// A connection to one gRPC server over HttpClient (HTTP/2 only, with or without TLS). Thread-safe and meant to
/// be long-lived: calls share its HTTP/2 connections.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly bool _disposeHandler;

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"gRPC address '{address}' must use http or https.", nameof(address));
        }

        Address = address;
        Options = options;
        _disposeHandler = options.HttpHandler is null;
        var handler = options.HttpHandler ?? CreateDefaultHandler(options);
        HttpClient = new HttpClient(handler, disposeHandler: _disposeHandler)
        {
            // HTTP/2 only: RequestVersionOrLower would go out as HTTP/1.1 on plaintext and fail.
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            // Deadlines travel as grpc-timeout and are enforced per call, never by HttpClient.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public Uri Address { get; }

    internal GrpcChannelOptions Options { get; }

    internal HttpClient HttpClient { get; }

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) => ForAddress(new Uri(address), options);

    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new GrpcChannel(address, options ?? new GrpcChannelOptions());
    }

    /// <summary>A handler with the channel's keep-alive pings; adjust it (e.g. its SslOptions) and pass it back as <see cref="GrpcChannelOptions.HttpHandler"/>.</summary>
    public static SocketsHttpHandler CreateDefaultHandler(GrpcChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        if (options.KeepAlivePingDelay is { } delay)
        {
            handler.KeepAlivePingDelay = delay;
            handler.KeepAlivePingTimeout = options.KeepAlivePingTimeout;
            handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always;
        }

        return handler;
    }

    public AsyncUnaryCall<TResponse> UnaryCall<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = CreateCall(method, MethodType.Unary, options);
        call.StartWithRequest(request);
        return new AsyncUnaryCall<TResponse>(call.ReadSingleResponseAsync(), call);
    }

    public AsyncServerStreamingCall<TResponse> ServerStreamingCall<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = CreateCall(method, MethodType.ServerStreaming, options);
        call.StartWithRequest(request);
        return new AsyncServerStreamingCall<TResponse>(new ResponseStreamReader<TRequest, TResponse>(call), call);
    }

    public AsyncClientStreamingCall<TRequest, TResponse> ClientStreamingCall<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = CreateCall(method, MethodType.ClientStreaming, options);
        var writer = call.StartStreaming();
        return new AsyncClientStreamingCall<TRequest, TResponse>(writer, call.ReadSingleResponseAsync(), call);
    }

    public AsyncDuplexStreamingCall<TRequest, TResponse> DuplexStreamingCall<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = CreateCall(method, MethodType.DuplexStreaming, options);
        var writer = call.StartStreaming();
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(writer, new ResponseStreamReader<TRequest, TResponse>(call), call);
    }

    public void Dispose() => HttpClient.Dispose();

    private GrpcCall<TRequest, TResponse> CreateCall<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, MethodType expected, CallOptions options)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method.Type != expected)
        {
            throw new ArgumentException($"gRPC method {method.FullName} is {method.Type} and cannot be called as {expected}.", nameof(method));
        }

        return new GrpcCall<TRequest, TResponse>(this, method, options);
    }
}
