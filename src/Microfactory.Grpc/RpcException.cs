namespace Microfactory.Grpc;

/// <summary>
/// A call that ended with a status other than OK. Thrown by the client for a failed call; thrown by a server
/// handler to end its call with <see cref="Status"/> and <see cref="Trailers"/>.
/// </summary>
public sealed class RpcException : Exception
{
    public RpcException(Status status, Metadata? trailers = null)
        : base(status.ToString())
    {
        Status = status;
        Trailers = trailers ?? new Metadata();
    }

    public RpcException(Status status, Metadata? trailers, Exception? innerException)
        : base(status.ToString(), innerException)
    {
        Status = status;
        Trailers = trailers ?? new Metadata();
    }

    public Status Status { get; }

    public StatusCode StatusCode => Status.StatusCode;

    public Metadata Trailers { get; }
}
