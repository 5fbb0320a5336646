namespace Microfactory.Grpc;

/// <summary>Reads the messages of a stream one at a time, like grpc-dotnet's reader.</summary>
public interface IAsyncStreamReader<out T>
{
    /// <summary>The message read by the last <see cref="MoveNext"/> that returned true.</summary>
    T Current { get; }

    /// <summary>Reads the next message; false when the peer has ended its side of the stream.</summary>
    Task<bool> MoveNext(CancellationToken cancellationToken = default);
}

/// <summary>Writes messages to a stream; each write is flushed so the peer sees it at once.</summary>
public interface IAsyncStreamWriter<in T>
{
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}

/// <summary>The server's side of a response stream.</summary>
public interface IServerStreamWriter<in T> : IAsyncStreamWriter<T>;

/// <summary>The client's side of a request stream: completing it half-closes the call.</summary>
public interface IClientStreamWriter<in T> : IAsyncStreamWriter<T>
{
    Task CompleteAsync();
}

public static class AsyncStreamReaderExtensions
{
    /// <summary>Enumerates the remaining messages of a stream.</summary>
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(
        this IAsyncStreamReader<T> reader,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (await reader.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            yield return reader.Current;
        }
    }
}
