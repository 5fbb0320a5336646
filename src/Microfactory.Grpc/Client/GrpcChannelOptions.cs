namespace Microfactory.Grpc.Client;

/// <summary>Settings of a <see cref="GrpcChannel"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>Largest response message accepted; beyond it the call ends with RESOURCE_EXHAUSTED. Null: no limit.</summary>
    public int? MaxReceiveMessageSize { get; set; } = Protocol.GrpcProtocolConstants.DefaultMaxMessageSize;

    /// <summary>Largest request message sent; beyond it the call ends with RESOURCE_EXHAUSTED before sending. Null: no limit.</summary>
    public int? MaxSendMessageSize { get; set; } = Protocol.GrpcProtocolConstants.DefaultMaxMessageSize;

    /// <summary>
    /// Idle time after which the client pings the server, so a long-lived stream survives NAT and firewalls and
    /// a dead server is noticed. Null: no pings. Ignored when <see cref="HttpHandler"/> is given.
    /// </summary>
    public TimeSpan? KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a ping may go unanswered before the connection is dropped. Ignored when <see cref="HttpHandler"/> is given.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The handler to send with, for TLS settings or tests; start from <see cref="GrpcChannel.CreateDefaultHandler"/>.
    /// The channel does not dispose a handler it was given.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>The clock deadlines are measured against.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
