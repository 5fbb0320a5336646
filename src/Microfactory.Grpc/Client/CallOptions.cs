namespace Microfactory.Grpc.Client;

/// <summary>Per-call settings: metadata to send, a deadline (sent as grpc-timeout), and cancellation.</summary>
public readonly record struct CallOptions(Metadata? Headers = null, DateTimeOffset? Deadline = null, CancellationToken CancellationToken = default);
