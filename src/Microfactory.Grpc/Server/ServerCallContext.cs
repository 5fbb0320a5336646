using System.Net;
using System.Net.Sockets;
using Microfactory.Grpc.Protocol;
using Microsoft.AspNetCore.Http;

namespace Microfactory.Grpc.Server;

/// <summary>
/// What a handler knows about its call and can set on it: request metadata, deadline, cancellation, peer,
/// response headers and trailers, and the status to end with.
/// </summary>
public sealed class ServerCallContext
{
    private readonly ServerCall _call;

    internal ServerCallContext(ServerCall call, HttpContext httpContext, string method, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        _call = call;
        HttpContext = httpContext;
        Method = method;
        Deadline = deadline;
        CancellationToken = cancellationToken;
        RequestHeaders = MetadataHeaders.FromHeaders(httpContext.Request.Headers);
    }

    /// <summary>The full method path, <c>/package.Service/Method</c>.</summary>
    public string Method { get; }

    public string Host => HttpContext.Request.Host.Value ?? string.Empty;

    /// <summary>The caller's address in gRPC's form: <c>ipv4:127.0.0.1:5000</c> or <c>ipv6:[::1]:5000</c>.</summary>
    public string Peer => FormatPeer(HttpContext.Connection.RemoteIpAddress, HttpContext.Connection.RemotePort);

    /// <summary>When the client stops waiting; <see cref="DateTimeOffset.MaxValue"/> when it sent no grpc-timeout.</summary>
    public DateTimeOffset Deadline { get; }

    /// <summary>Cancelled when the client cancels or disconnects, or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    public Metadata RequestHeaders { get; }

    /// <summary>Trailers sent with the status when the call ends.</summary>
    public Metadata ResponseTrailers { get; } = new();

    /// <summary>The status to end with when the handler returns normally (OK unless set).</summary>
    public Status Status { get; set; } = Status.DefaultSuccess;

    /// <summary>The underlying request, for what gRPC does not model (client certificate, services).</summary>
    public HttpContext HttpContext { get; }

    /// <summary>
    /// Sends response headers now, before any message. Useful in a streaming handler that may not write
    /// for a while: the client sees the call is accepted. Allowed once, before the first message.
    /// </summary>
    public Task WriteResponseHeadersAsync(Metadata headers) => _call.WriteResponseHeadersAsync(headers);

    private static string FormatPeer(IPAddress? address, int port) => address switch
    {
        null => "unknown",
        { AddressFamily: AddressFamily.InterNetworkV6 } when address.IsIPv4MappedToIPv6 => $"ipv4:{address.MapToIPv4()}:{port}",
        { AddressFamily: AddressFamily.InterNetworkV6 } => $"ipv6:[{address}]:{port}",
        _ => $"ipv4:{address}:{port}",
    };
}
