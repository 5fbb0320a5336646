namespace Microfactory.Grpc.Server;

/// <summary>Handles a unary call: one request, one response.</summary>
public delegate Task<TResponse> UnaryServerMethod<in TRequest, TResponse>(TRequest request, ServerCallContext context);

/// <summary>Handles a server-streaming call: one request, any number of responses.</summary>
public delegate Task ServerStreamingServerMethod<in TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context);

/// <summary>Handles a client-streaming call: any number of requests, one response.</summary>
public delegate Task<TResponse> ClientStreamingServerMethod<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context);

/// <summary>Handles a bidirectional call: both sides stream independently.</summary>
public delegate Task DuplexStreamingServerMethod<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context);
