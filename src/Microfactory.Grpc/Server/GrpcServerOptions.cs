using System.ComponentModel.DataAnnotations;

namespace Microfactory.Grpc.Server;

/// <summary>Limits and behaviour of every gRPC method the server maps (section <c>Grpc:Server</c> by convention).</summary>
public sealed class GrpcServerOptions
{
    public const string SectionName = "Grpc:Server";

    /// <summary>Largest request message accepted; beyond it the call ends with RESOURCE_EXHAUSTED. Null: no limit.</summary>
    [Range(0, int.MaxValue)]
    public int? MaxReceiveMessageSize { get; set; } = Protocol.GrpcProtocolConstants.DefaultMaxMessageSize;

    /// <summary>Largest response message sent; beyond it the call ends with RESOURCE_EXHAUSTED. Null: no limit.</summary>
    [Range(0, int.MaxValue)]
    public int? MaxSendMessageSize { get; set; } = Protocol.GrpcProtocolConstants.DefaultMaxMessageSize;

    /// <summary>
    /// When true, an unhandled handler exception's message is sent to the client. Off by default: exception
    /// text can hold internals (paths, connection strings) that a remote caller must not see.
    /// </summary>
    public bool EnableDetailedErrors { get; set; }
}
