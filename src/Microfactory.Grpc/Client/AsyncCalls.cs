using System.Runtime.CompilerServices;

namespace Microfactory.Grpc.Client;

/// <summary>A unary call in flight. Await it (or <see cref="ResponseAsync"/>) for the response; dispose to cancel.</summary>
public sealed class AsyncUnaryCall<TResponse> : IDisposable
{
    private readonly IGrpcCall _call;

    internal AsyncUnaryCall(Task<TResponse> responseAsync, IGrpcCall call)
    {
        ResponseAsync = responseAsync;
        _call = call;
    }

    /// <summary>The response; faults with <see cref="RpcException"/> when the call ends with another status than OK.</summary>
    public Task<TResponse> ResponseAsync { get; }

    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    /// <summary>The final status; throws until the call has finished.</summary>
    public Status GetStatus() => _call.GetStatus();

    public Metadata GetTrailers() => _call.GetTrailers();

    public void Dispose() => _call.Dispose();
}

/// <summary>A server-streaming call in flight. Read <see cref="ResponseStream"/> to its end; dispose to cancel.</summary>
public sealed class AsyncServerStreamingCall<TResponse> : IDisposable
{
    private readonly IGrpcCall _call;

    internal AsyncServerStreamingCall(IAsyncStreamReader<TResponse> responseStream, IGrpcCall call)
    {
        ResponseStream = responseStream;
        _call = call;
    }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    public Status GetStatus() => _call.GetStatus();

    public Metadata GetTrailers() => _call.GetTrailers();

    public void Dispose() => _call.Dispose();
}

/// <summary>A client-streaming call in flight: write requests, complete the stream, then await the response.</summary>
public sealed class AsyncClientStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly IGrpcCall _call;

    internal AsyncClientStreamingCall(IClientStreamWriter<TRequest> requestStream, Task<TResponse> responseAsync, IGrpcCall call)
    {
        RequestStream = requestStream;
        ResponseAsync = responseAsync;
        _call = call;
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public Task<TResponse> ResponseAsync { get; }

    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    public Status GetStatus() => _call.GetStatus();

    public Metadata GetTrailers() => _call.GetTrailers();

    public void Dispose() => _call.Dispose();
}

/// <summary>A bidirectional call in flight: both streams are independent; dispose to cancel (RST_STREAM).</summary>
public sealed class AsyncDuplexStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly IGrpcCall _call;

    internal AsyncDuplexStreamingCall(IClientStreamWriter<TRequest> requestStream, IAsyncStreamReader<TResponse> responseStream, IGrpcCall call)
    {
        RequestStream = requestStream;
        ResponseStream = responseStream;
        _call = call;
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    public Status GetStatus() => _call.GetStatus();

    public Metadata GetTrailers() => _call.GetTrailers();

    public void Dispose() => _call.Dispose();
}
