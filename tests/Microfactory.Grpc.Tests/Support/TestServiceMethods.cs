using Grpc.Testing;
using Microfactory.Grpc;

namespace Microfactory.Grpc.Tests.Support;

/// <summary>The grpc.testing.TestService methods, described once for both our server and our client.</summary>
internal static class TestServiceMethods
{
    public const string Service = "grpc.testing.TestService";

    public static readonly GrpcMethod<Empty, Empty> EmptyCall = new(MethodType.Unary, Service, "EmptyCall", Empty.Parser, Empty.Parser);

    public static readonly GrpcMethod<SimpleRequest, SimpleResponse> UnaryCall = new(MethodType.Unary, Service, "UnaryCall", SimpleRequest.Parser, SimpleResponse.Parser);

    public static readonly GrpcMethod<StreamingOutputCallRequest, StreamingOutputCallResponse> StreamingOutputCall =
        new(MethodType.ServerStreaming, Service, "StreamingOutputCall", StreamingOutputCallRequest.Parser, StreamingOutputCallResponse.Parser);

    public static readonly GrpcMethod<StreamingInputCallRequest, StreamingInputCallResponse> StreamingInputCall =
        new(MethodType.ClientStreaming, Service, "StreamingInputCall", StreamingInputCallRequest.Parser, StreamingInputCallResponse.Parser);

    public static readonly GrpcMethod<StreamingOutputCallRequest, StreamingOutputCallResponse> FullDuplexCall =
        new(MethodType.DuplexStreaming, Service, "FullDuplexCall", StreamingOutputCallRequest.Parser, StreamingOutputCallResponse.Parser);

    /// <summary>Mapped by no server here: calling it must give UNIMPLEMENTED.</summary>
    public static readonly GrpcMethod<Empty, Empty> UnimplementedCall = new(MethodType.Unary, Service, "UnimplementedCall", Empty.Parser, Empty.Parser);
}
