using Google.Protobuf;
using Grpc.Testing;
using Microfactory.Grpc.Server;
using Microsoft.AspNetCore.Routing;

namespace Microfactory.Grpc.Tests.Support;

/// <summary>Our implementation of grpc.testing.TestService, as the interop spec describes its server.</summary>
internal static class InteropTestService
{
    public const string EchoInitialKey = "x-grpc-test-echo-initial";
    public const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";

    public static void Map(IEndpointRouteBuilder e)
    {
        e.MapGrpcUnary(TestServiceMethods.EmptyCall, (_, _) => Task.FromResult(new Empty()));
        e.MapGrpcUnary(TestServiceMethods.UnaryCall, UnaryCallAsync);
        e.MapGrpcServerStreaming(TestServiceMethods.StreamingOutputCall, StreamingOutputCallAsync);
        e.MapGrpcClientStreaming(TestServiceMethods.StreamingInputCall, StreamingInputCallAsync);
        e.MapGrpcDuplexStreaming(TestServiceMethods.FullDuplexCall, FullDuplexCallAsync);
    }

    private static async Task<SimpleResponse> UnaryCallAsync(SimpleRequest request, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        ThrowIfAsked(request.ResponseStatus);
        return new SimpleResponse { Payload = Zeros(request.ResponseSize) };
    }

    private static async Task StreamingOutputCallAsync(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        ThrowIfAsked(request.ResponseStatus);
        await WriteResponsesAsync(request, responses, context);
    }

    private static async Task<StreamingInputCallResponse> StreamingInputCallAsync(IAsyncStreamReader<StreamingInputCallRequest> requests, ServerCallContext context)
    {
        var total = 0;
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            total += request.Payload?.Body.Length ?? 0;
        }

        return new StreamingInputCallResponse { AggregatedPayloadSize = total };
    }

    private static async Task FullDuplexCallAsync(IAsyncStreamReader<StreamingOutputCallRequest> requests, IServerStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            ThrowIfAsked(request.ResponseStatus);
            await WriteResponsesAsync(request, responses, context);
        }
    }

    private static async Task WriteResponsesAsync(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
            {
                // The service's specified behaviour (a "sleeping server"), not test synchronisation.
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), context.CancellationToken);
            }

            await responses.WriteAsync(new StreamingOutputCallResponse { Payload = Zeros(parameters.Size) }, context.CancellationToken);
        }
    }

    private static async Task EchoMetadataAsync(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue(EchoInitialKey) is { } initial)
        {
            await context.WriteResponseHeadersAsync(new Metadata().Add(EchoInitialKey, initial));
        }

        if (context.RequestHeaders.GetValueBytes(EchoTrailingKey) is { } trailing)
        {
            context.ResponseTrailers.Add(EchoTrailingKey, trailing);
        }
    }

    private static void ThrowIfAsked(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new RpcException(new Status((StatusCode)status.Code, status.Message));
        }
    }

    private static Payload Zeros(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };
}
