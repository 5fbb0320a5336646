using Google.Protobuf;
using Microfactory.Grpc.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Microfactory.Grpc.Server;

/// <summary>
/// The response side of one server call: serialises writes, headers and the final status, and owns the deadline.
/// Whoever ends the call first (the handler's outcome or the deadline timer) sends the status; later writes fail.
/// </summary>
internal sealed class ServerCall : IAsyncDisposable
{
    private readonly HttpContext _httpContext;
    private readonly GrpcServerOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _callCancellation;
    private readonly Lock _deadlineGate = new();
    private ITimer? _deadlineTimer;
    private Task? _deadlineTask;
    private bool _finished;
    private bool _ended;

    // Our own record rather than Response.HasStarted: it decides trailers vs trailers-only and must not depend on
    // when the server flushes headers.
    private bool _responseStarted;

    public ServerCall(HttpContext httpContext, string method, GrpcServerOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _httpContext = httpContext;
        _options = options;
        _logger = logger;
        Method = method;
        _callCancellation = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted);

        var deadline = DateTimeOffset.MaxValue;
        if (GrpcTimeout.TryParse(httpContext.Request.Headers[GrpcProtocolConstants.TimeoutHeader], out var timeout))
        {
            Timeout = timeout;
            // Timers take at most ~49 days; a longer timeout is as good as none.
            if (timeout < TimeSpan.FromDays(49))
            {
                deadline = timeProvider.GetUtcNow() + timeout;
                _deadlineTimer = timeProvider.CreateTimer(_ => OnDeadline(), null, timeout, System.Threading.Timeout.InfiniteTimeSpan);
            }
        }

        Context = new ServerCallContext(this, httpContext, method, deadline, _callCancellation.Token);
    }

    public string Method { get; }

    public TimeSpan? Timeout { get; }

    public ServerCallContext Context { get; }

    public bool DeadlineExceeded { get; private set; }

    public int? MaxReceiveMessageSize => _options.MaxReceiveMessageSize;

    public Stream RequestBody => _httpContext.Request.Body;

    public async Task WriteMessageAsync(IMessage message, CancellationToken cancellationToken)
    {
        var frame = MessageFrameWriter.Frame(message, _options.MaxSendMessageSize);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Context.CancellationToken);
        await _writeLock.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            ThrowIfEnded();
            PrepareResponseHeaders();
            _responseStarted = true;
            await _httpContext.Response.Body.WriteAsync(frame, linked.Token).ConfigureAwait(false);
            await _httpContext.Response.Body.FlushAsync(linked.Token).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task WriteResponseHeadersAsync(Metadata headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        await _writeLock.WaitAsync(Context.CancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfEnded();
            if (_responseStarted)
            {
                throw new InvalidOperationException("Response headers can only be sent once per call, before the first message.");
            }

            PrepareResponseHeaders();
            _responseStarted = true;
            MetadataHeaders.CopyTo(headers, _httpContext.Response.Headers);
            await _httpContext.Response.StartAsync(Context.CancellationToken).ConfigureAwait(false);
            // StartAsync only queues the HEADERS frame; flush so the client sees them before any message.
            await _httpContext.Response.Body.FlushAsync(Context.CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends the status (in trailers, or in headers when nothing was sent: trailers-only). Only the first call counts.</summary>
    public async Task EndAsync(Status status, Metadata trailers)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            if (status.StatusCode != StatusCode.OK)
            {
                GrpcServerLog.CallFailed(_logger, Method, status.StatusCode, status.Detail);
            }

            if (_httpContext.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            var response = _httpContext.Response;
            var target = _responseStarted ? null : response.Headers;
            PrepareResponseHeaders();
            Set(target, GrpcProtocolConstants.StatusTrailer, ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(status.Detail))
            {
                Set(target, GrpcProtocolConstants.MessageTrailer, PercentEncoding.Encode(status.Detail));
            }

            foreach (var entry in trailers)
            {
                Set(target, entry.Key, MetadataHeaders.ToHeaderValue(entry));
            }

            await response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            GrpcServerLog.StatusNotSent(_logger, Method, ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? deadlineTask;
        lock (_deadlineGate)
        {
            _finished = true;
            deadlineTask = _deadlineTask;
        }

        if (_deadlineTimer is not null)
        {
            await _deadlineTimer.DisposeAsync().ConfigureAwait(false);
        }

        // The deadline path writes to the response; the HttpContext must outlive it.
        if (deadlineTask is not null)
        {
            await deadlineTask.ConfigureAwait(false);
        }

        _callCancellation.Dispose();
    }

    private void OnDeadline()
    {
        lock (_deadlineGate)
        {
            if (_finished)
            {
                return;
            }

            DeadlineExceeded = true;
            _deadlineTask = EndOnDeadlineAsync();
        }
    }

    private async Task EndOnDeadlineAsync()
    {
        GrpcServerLog.DeadlineExceeded(_logger, Method, Timeout ?? TimeSpan.Zero);
        await _callCancellation.CancelAsync().ConfigureAwait(false);
        await EndAsync(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), new Metadata()).ConfigureAwait(false);
    }

    private void PrepareResponseHeaders()
    {
        var response = _httpContext.Response;
        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = GrpcProtocolConstants.ContentType;
            response.Headers[GrpcProtocolConstants.MessageAcceptEncodingHeader] = GrpcProtocolConstants.IdentityEncoding;
        }
    }

    private void Set(IHeaderDictionary? headers, string name, string value)
    {
        if (headers is not null)
        {
            headers.Append(name, value);
        }
        else
        {
            _httpContext.Response.AppendTrailer(name, value);
        }
    }

    private void ThrowIfEnded()
    {
        if (_ended)
        {
            throw new RpcException(DeadlineExceeded
                ? new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded")
                : new Status(StatusCode.Cancelled, "The call has already ended."));
        }
    }
}
