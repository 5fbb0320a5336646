using System.ComponentModel.DataAnnotations;

namespace Microfactory.Orchestrator.AgentLink;

/// <summary>The gRPC endpoint site agents dial (section "AgentLink").</summary>
public sealed class AgentLinkOptions
{
    public const string Section = "AgentLink";

    /// <summary>gRPC's usual 4 MiB: a Hello with hundreds of cells and jobs fits many times over, and so does a 1 MiB artifact chunk.</summary>
    public const int DefaultMaxMessageBytes = 4 * 1024 * 1024;

    /// <summary>The address to listen on: 127.0.0.1 for loopback, 0.0.0.0 in a container.</summary>
    [Required]
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The HTTP/2-only port for AgentLink, the gRPC health service and reflection (0 picks a free one).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 5081;

    /// <summary>PEM certificate and key for TLS; without them the endpoint speaks plaintext HTTP/2 (loopback, trusted networks).</summary>
    public string? CertificatePath { get; set; }

    public string? CertificateKeyPath { get; set; }

    /// <summary>How often an idle agent sends a heartbeat; a stream silent for three intervals is closed.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often agents report capacity when nothing changes.</summary>
    public TimeSpan CapacityReportInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a new stream may take to send its Hello.</summary>
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>HTTP/2 PING interval on idle connections, so middleboxes keep them open and dead peers are found.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a PING may go unanswered before Kestrel closes the connection.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Largest message an agent may send; beyond it the call ends with RESOURCE_EXHAUSTED.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxReceiveMessageBytes { get; set; } = DefaultMaxMessageBytes;

    /// <summary>Largest message the orchestrator sends (artifact chunks are at most Designs:ChunkBytes).</summary>
    [Range(1024, int.MaxValue)]
    public int MaxSendMessageBytes { get; set; } = DefaultMaxMessageBytes;
}
