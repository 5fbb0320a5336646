using Grpc.Testing;
using Microfactory.Grpc.Protocol;
using Microfactory.Grpc.Server;
using Microfactory.Grpc.Server.CallHandlers;
using Microfactory.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;

namespace Microfactory.Grpc.Tests.Unit;

/// <summary>The shared server pipeline on a DefaultHttpContext with a manual clock: no sockets, no sleeps.</summary>
public sealed class ServerPipelineTests
{
    private static readonly GrpcMethod<Empty, Empty> Method = new(MethodType.Unary, "test.Svc", "Call", Empty.Parser, Empty.Parser);

    [Fact]
    public async Task The_deadline_cancels_the_handler_and_ends_the_call_with_deadline_exceeded()
    {
        var clock = new ManualTimeProvider();
        var handlerCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlerStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = CreateHandler(clock, async (_, context) =>
        {
            context.CancellationToken.Register(handlerCancelled.SetResult);
            handlerStarted.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
            return new Empty();
        });
        var httpContext = CreateContext(timeout: "2S");

        var call = handler.HandleCallAsync(httpContext);
        await handlerStarted.Task.Within("the handler to start");
        clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(handlerCancelled.Task.IsCompleted, "cancelled before the deadline");
        clock.Advance(TimeSpan.FromSeconds(0.1));

        await handlerCancelled.Task.Within("the handler's token to be cancelled at the deadline");
        await call.Within("the call to end after its deadline");
        Assert.Equal("4", httpContext.Response.Headers[GrpcProtocolConstants.StatusTrailer]);
        Assert.Equal(200, httpContext.Response.StatusCode);
    }

    [Fact]
    public async Task A_handler_sees_its_deadline_from_grpc_timeout()
    {
        var clock = new ManualTimeProvider();
        DateTimeOffset? seen = null;
        var handler = CreateHandler(clock, (_, context) =>
        {
            seen = context.Deadline;
            return Task.FromResult(new Empty());
        });

        await handler.HandleCallAsync(CreateContext(timeout: "1500m")).Within("the unary call");

        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMilliseconds(1500), seen);
    }

    [Fact]
    public async Task Http1_requests_are_refused_with_426_and_a_status()
    {
        var httpContext = CreateContext(protocol: "HTTP/1.1");
        await CreateHandler(TimeProvider.System, (_, _) => Task.FromResult(new Empty())).HandleCallAsync(httpContext).Within("the refused call");

        Assert.Equal(426, httpContext.Response.StatusCode);
        Assert.Equal("13", httpContext.Response.Headers[GrpcProtocolConstants.StatusTrailer]);
        Assert.Contains("HTTP/1.1", httpContext.Response.Headers[GrpcProtocolConstants.MessageTrailer].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_that_is_not_grpc_gets_415()
    {
        var httpContext = CreateContext(contentType: "application/json");
        await CreateHandler(TimeProvider.System, (_, _) => Task.FromResult(new Empty())).HandleCallAsync(httpContext).Within("the refused call");

        Assert.Equal(415, httpContext.Response.StatusCode);
        Assert.Contains("application/json", httpContext.Response.Headers[GrpcProtocolConstants.MessageTrailer].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compressed_request_encoding_is_refused_as_unimplemented()
    {
        var httpContext = CreateContext();
        httpContext.Request.Headers[GrpcProtocolConstants.MessageEncodingHeader] = "gzip";
        await CreateHandler(TimeProvider.System, (_, _) => Task.FromResult(new Empty())).HandleCallAsync(httpContext).Within("the refused call");

        Assert.Equal("12", httpContext.Response.Headers[GrpcProtocolConstants.StatusTrailer]);
        Assert.Equal("identity", httpContext.Response.Headers[GrpcProtocolConstants.MessageAcceptEncodingHeader]);
    }

    [Fact]
    public async Task An_unhandled_exception_becomes_unknown_without_its_message()
    {
        var httpContext = CreateContext();
        await CreateHandler(TimeProvider.System, (_, _) => throw new InvalidOperationException("Password=secret"))
            .HandleCallAsync(httpContext).Within("the failing call");

        Assert.Equal("2", httpContext.Response.Headers[GrpcProtocolConstants.StatusTrailer]);
        var message = httpContext.Response.Headers[GrpcProtocolConstants.MessageTrailer].ToString();
        Assert.DoesNotContain("secret", message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Exception was thrown by handler", PercentEncoding.Decode(message), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_successful_call_writes_the_message_and_ok_in_trailers()
    {
        var httpContext = CreateContext();
        var trailers = new TrailersFeature();
        httpContext.Features.Set<IHttpResponseTrailersFeature>(trailers);
        await CreateHandler(TimeProvider.System, (_, context) =>
        {
            context.ResponseTrailers.Add("x-outcome", "fine");
            return Task.FromResult(new Empty());
        }).HandleCallAsync(httpContext).Within("the unary call");

        Assert.Equal(new byte[] { 0, 0, 0, 0, 0 }, ((MemoryStream)httpContext.Response.Body).ToArray());
        Assert.Equal("0", trailers.Trailers[GrpcProtocolConstants.StatusTrailer]);
        Assert.Equal("fine", trailers.Trailers["x-outcome"]);
    }

    private static UnaryServerCallHandler<Empty, Empty> CreateHandler(TimeProvider clock, UnaryServerMethod<Empty, Empty> method) =>
        new(Method, method, new GrpcServerOptions(), clock, NullLogger.Instance);

    private static DefaultHttpContext CreateContext(string protocol = "HTTP/2", string contentType = "application/grpc", string? timeout = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Protocol = protocol;
        context.Request.Method = "POST";
        context.Request.Path = Method.FullName;
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream([0, 0, 0, 0, 0]);
        if (timeout is not null)
        {
            context.Request.Headers[GrpcProtocolConstants.TimeoutHeader] = timeout;
        }

        // A response body we can read back; Kestrel's would go to the socket.
        var body = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
        context.Response.Body = body;
        return context;
    }

    private sealed class TrailersFeature : IHttpResponseTrailersFeature
    {
        public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();
    }
}
