namespace Microfactory.Grpc.Client;

/// <summary>What the public call objects expose of a call, whatever its message types.</summary>
internal interface IGrpcCall : IDisposable
{
    Task<Metadata> ResponseHeadersAsync { get; }

    Status GetStatus();

    Metadata GetTrailers();
}
