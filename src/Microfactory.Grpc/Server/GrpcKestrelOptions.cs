using System.Security.Cryptography.X509Certificates;

namespace Microfactory.Grpc.Server;

/// <summary>How Kestrel listens for gRPC: keep-alive pings and, when a certificate is set, TLS.</summary>
public sealed class GrpcKestrelOptions
{
    /// <summary>
    /// Idle time after which the server pings the connection. Keeps idle agent streams alive through NAT and
    /// firewalls, and finds dead peers. Null: no pings.
    /// </summary>
    public TimeSpan? KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a ping may go unanswered before the connection is closed.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The server certificate; null serves plaintext HTTP/2 (h2c).</summary>
    public X509Certificate2? Certificate { get; set; }
}
