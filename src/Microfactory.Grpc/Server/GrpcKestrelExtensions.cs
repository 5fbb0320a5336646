using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Microfactory.Grpc.Server;

public static class GrpcKestrelExtensions
{
    /// <summary>
    /// Adds an HTTP/2-only endpoint for gRPC and applies the keep-alive settings. HTTP/2 only, because without
    /// TLS there is no ALPN and an HTTP/1-and-2 endpoint silently serves HTTP/1.1, which gRPC cannot use.
    /// </summary>
    public static KestrelServerOptions ListenGrpc(this KestrelServerOptions kestrel, IPEndPoint endPoint, GrpcKestrelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(endPoint);
        options ??= new GrpcKestrelOptions();
        kestrel.Limits.Http2.KeepAlivePingDelay = options.KeepAlivePingDelay ?? TimeSpan.MaxValue;
        kestrel.Limits.Http2.KeepAlivePingTimeout = options.KeepAlivePingTimeout;
        kestrel.Listen(endPoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (options.Certificate is { } certificate)
            {
                listen.UseHttps(certificate);
            }
        });
        return kestrel;
    }
}
