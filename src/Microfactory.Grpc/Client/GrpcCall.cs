using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Microfactory.Grpc.Protocol;

namespace Microfactory.Grpc.Client;

/// <summary>
/// One client call over HttpClient, whatever its kind: sends the request, reads response messages and the
/// final status (from trailers, or from headers for trailers-only responses). The first status decided wins;
/// a status decided locally (cancel, deadline, bad response) resets the HTTP/2 stream.
/// </summary>
internal sealed class GrpcCall<TRequest, TResponse> : IGrpcCall, IGrpcCallWriteTarget
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private static readonly Status DeadlineStatus = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");

    private readonly GrpcChannel _channel;
    private readonly GrpcMethod<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource _cts;
    private readonly TaskCompletionSource<Metadata> _headers = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _readLock = new(1, 1);
    private CancellationTokenRegistration _cancelRegistration;
    private ITimer? _deadlineTimer;
    private Task<Stream?> _responseStream = Task.FromResult<Stream?>(null);
    private HttpResponseMessage? _response;
    private DuplexRequestContent? _requestContent;
    private Status? _status;
    private Metadata _trailers = new();
    private volatile bool _deadlineExceeded;
    private Activity? _activity;

    public GrpcCall(GrpcChannel channel, GrpcMethod<TRequest, TResponse> method, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _options = options;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        // Callers that never ask for the headers must not leave an unobserved exception behind.
        _headers.Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public Task<Metadata> ResponseHeadersAsync => _headers.Task;

    public void StartWithRequest(TRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[] frame;
        try
        {
            frame = MessageFrameWriter.Frame(request, _channel.Options.MaxSendMessageSize);
        }
        catch (RpcException ex)
        {
            Finish(ex.Status, new Metadata(), fromServer: false);
            return;
        }

        Start(new FramedMessageContent(frame));
    }

    public ClientStreamWriter<TRequest> StartStreaming()
    {
        _requestContent = new DuplexRequestContent();
        Start(_requestContent);
        return new ClientStreamWriter<TRequest>(this, _requestContent, _channel.Options.MaxSendMessageSize);
    }

    /// <summary>Reads the next response message; null when the server ended the call with OK.</summary>
    public async Task<TResponse?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        await _readLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await _responseStream.ConfigureAwait(false);
            if (stream is null)
            {
                return ThrowIfFailed();
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cts.Token);
            byte[]? payload;
            try
            {
                payload = await MessageFrameReader.ReadMessageAsync(stream, _channel.Options.MaxReceiveMessageSize, compressedAllowed: false, linked.Token).ConfigureAwait(false);
            }
            catch (RpcException ex)
            {
                throw new RpcException(Finish(ex.Status, new Metadata(), fromServer: false), _trailers);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    // Cancelling a read cancels the call, as in grpc-dotnet: a half-read stream cannot be resumed.
                    Finish(new Status(StatusCode.Cancelled, "Call canceled by the client."), new Metadata(), fromServer: false);
                }

                throw new RpcException(Finish(StatusFromException(ex, "Error reading next message"), new Metadata(), fromServer: false), _trailers, ex);
            }

            if (payload is null)
            {
                FinishFromTrailers();
                return ThrowIfFailed();
            }

            try
            {
                return MessageParsing.Parse(_method.ResponseParser, payload, "response");
            }
            catch (RpcException ex)
            {
                throw new RpcException(Finish(ex.Status, new Metadata(), fromServer: false), _trailers);
            }
        }
        finally
        {
            _readLock.Release();
        }
    }

    /// <summary>The single response of a unary or client-streaming call.</summary>
    public async Task<TResponse> ReadSingleResponseAsync()
    {
        var message = await ReadMessageAsync(CancellationToken.None).ConfigureAwait(false)
            ?? throw new RpcException(Finish(new Status(StatusCode.Internal, "The server ended the call with OK but sent no response message."), new Metadata(), fromServer: false));
        if (await ReadMessageAsync(CancellationToken.None).ConfigureAwait(false) is not null)
        {
            throw new RpcException(Finish(new Status(StatusCode.Internal, "The server sent more than one response message to a single-response call."), new Metadata(), fromServer: false));
        }

        return message;
    }

    public Status GetStatus()
    {
        lock (_gate)
        {
            return _status ?? throw new InvalidOperationException("The call has not finished; its status is known once the response stream has ended.");
        }
    }

    public Metadata GetTrailers()
    {
        lock (_gate)
        {
            return _status is null
                ? throw new InvalidOperationException("The call has not finished; its trailers are known once the response stream has ended.")
                : _trailers;
        }
    }

    /// <summary>
    /// The exception for a failed request write. An I/O failure does not decide the call's status: the server's own
    /// status (read from the response) stays the one the call reports. A local protocol refusal (message too large) does.
    /// </summary>
    public RpcException WriteFailed(Exception? exception)
    {
        if (exception is RpcException rpc)
        {
            return new RpcException(Finish(rpc.Status, new Metadata(), fromServer: false), _trailers);
        }

        return new RpcException(FinalStatus ?? StatusFromException(exception, "Error writing request message"), _trailers, exception);
    }

    public Status? FinalStatus
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    public void Dispose()
    {
        Finish(new Status(StatusCode.Cancelled, "gRPC call disposed."), new Metadata(), fromServer: false);
        _cancelRegistration.Dispose();
        _deadlineTimer?.Dispose();
        _response?.Dispose();
    }

    private void Start(HttpContent content)
    {
        if (_options.Deadline is { } deadline)
        {
            var timeout = deadline - _channel.Options.TimeProvider.GetUtcNow();
            if (timeout <= TimeSpan.Zero)
            {
                _deadlineExceeded = true;
                Finish(DeadlineStatus, new Metadata(), fromServer: false);
                return;
            }

            if (timeout < TimeSpan.FromDays(49))
            {
                _deadlineTimer = _channel.Options.TimeProvider.CreateTimer(_ => OnDeadline(), null, timeout, Timeout.InfiniteTimeSpan);
            }
        }

        // The call's span is the parent of HttpClient's, which carries traceparent to the server; the caller's own
        // current activity is put back, so a long-lived stream does not become the parent of everything after it.
        var callerActivity = Activity.Current;
        _activity = GrpcDiagnostics.StartRpc(_method.ServiceName, _method.Name, ActivityKind.Client);
        try
        {
            var request = CreateRequest(content);
            _cancelRegistration = _cts.Token.Register(OnCancelled);
            _responseStream = SendAsync(request);
        }
        finally
        {
            Activity.Current = callerActivity;
        }
    }

    private HttpRequestMessage CreateRequest(HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_channel.Address, _method.FullName))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        content.Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocolConstants.ContentType);
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue(GrpcProtocolConstants.TeTrailers));
        request.Headers.TryAddWithoutValidation("user-agent", GrpcProtocolConstants.UserAgent);
        request.Headers.TryAddWithoutValidation(GrpcProtocolConstants.MessageAcceptEncodingHeader, GrpcProtocolConstants.IdentityEncoding);
        if (_options.Deadline is { } deadline)
        {
            var timeout = deadline - _channel.Options.TimeProvider.GetUtcNow();
            request.Headers.TryAddWithoutValidation(GrpcProtocolConstants.TimeoutHeader, GrpcTimeout.Format(timeout));
        }

        foreach (var entry in _options.Headers ?? [])
        {
            if (!request.Headers.TryAddWithoutValidation(entry.Key, MetadataHeaders.ToHeaderValue(entry)))
            {
                throw new ArgumentException($"Metadata key '{entry.Key}' cannot be sent as a request header.");
            }
        }

        return request;
    }

    private async Task<Stream?> SendAsync(HttpRequestMessage request)
    {
        try
        {
            var response = await _channel.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _cts.Token).ConfigureAwait(false);
            lock (_gate)
            {
                _response = response;
            }

            var headers = MetadataHeaders.FromHeaders(response.Headers);
            if (ResponseStatusReader.FromHeaders(response) is { } status)
            {
                // Trailers-only: the headers are also the trailers.
                _headers.TrySetResult(headers);
                Finish(status, headers, fromServer: true);
                return null;
            }

            _headers.TrySetResult(headers);
            return await response.Content.ReadAsStreamAsync(_cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException or RpcException)
        {
            var status = ex is RpcException rpc ? rpc.Status : StatusFromException(ex, "Error starting gRPC call");
            var final = Finish(status, new Metadata(), fromServer: false);
            _headers.TrySetException(new RpcException(final, _trailers, ex));
            return null;
        }
    }

    private void FinishFromTrailers()
    {
        var response = _response!;
        var trailers = MetadataHeaders.FromHeaders(response.TrailingHeaders);
        var status = ResponseStatusReader.TryRead(response.TrailingHeaders, out var fromTrailers)
            ? fromTrailers
            : new Status(StatusCode.Internal, "Bad gRPC response. No grpc-status found in the response trailers.");
        Finish(status, trailers, fromServer: true);
    }

    private TResponse? ThrowIfFailed()
    {
        var status = GetStatus();
        return status.StatusCode == StatusCode.OK ? null : throw new RpcException(status, _trailers);
    }

    private Status StatusFromException(Exception? exception, string what)
    {
        lock (_gate)
        {
            if (_status is { } decided)
            {
                return decided;
            }
        }

        if (_deadlineExceeded)
        {
            return DeadlineStatus;
        }

        if (_options.CancellationToken.IsCancellationRequested || exception is OperationCanceledException)
        {
            return new Status(StatusCode.Cancelled, "Call canceled by the client.");
        }

        return new Status(StatusCode.Unavailable, $"{what}. {exception?.GetType().Name}: {exception?.Message}");
    }

    /// <summary>Records the final status if none was recorded yet; returns the one that stands.</summary>
    private Status Finish(Status status, Metadata trailers, bool fromServer)
    {
        lock (_gate)
        {
            if (_status is { } existing)
            {
                return existing;
            }

            _status = status;
            _trailers = trailers;
        }

        _deadlineTimer?.Dispose();
        _requestContent?.Complete();
        GrpcDiagnostics.SetStatus(_activity, status);
        GrpcDiagnostics.StopDetached(_activity);
        _headers.TrySetException(new RpcException(status, trailers));
        if (!fromServer)
        {
            // A locally decided end: reset the HTTP/2 stream (RST_STREAM) so the server stops working on it.
            _cts.Cancel();
            _response?.Dispose();
        }

        return status;
    }

    private void OnDeadline()
    {
        _deadlineExceeded = true;
        Finish(DeadlineStatus, new Metadata(), fromServer: false);
    }

    private void OnCancelled() =>
        Finish(_deadlineExceeded ? DeadlineStatus : new Status(StatusCode.Cancelled, "Call canceled by the client."), new Metadata(), fromServer: false);
}
