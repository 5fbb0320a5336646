using Microfactory.Grpc.Protocol;

namespace Microfactory.Grpc.Tests.Unit;

public sealed class HttpStatusMappingTests
{
    [Theory]
    [InlineData(400, StatusCode.Internal)]
    [InlineData(401, StatusCode.Unauthenticated)]
    [InlineData(403, StatusCode.PermissionDenied)]
    [InlineData(404, StatusCode.Unimplemented)]
    [InlineData(429, StatusCode.Unavailable)]
    [InlineData(502, StatusCode.Unavailable)]
    [InlineData(503, StatusCode.Unavailable)]
    [InlineData(504, StatusCode.Unavailable)]
    [InlineData(500, StatusCode.Unknown)]
    public void Http_failures_map_as_the_grpc_spec_says(int httpStatus, StatusCode expected)
    {
        Assert.Equal(expected, HttpStatusMapping.FromHttpStatus(httpStatus));
    }

    [Theory]
    [InlineData("application/grpc", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("application/grpc; charset=utf-8", true)]
    [InlineData("application/grpcx", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void Content_type_check_accepts_grpc_and_its_subtypes_only(string? contentType, bool accepted)
    {
        Assert.Equal(accepted, GrpcProtocolConstants.IsGrpcContentType(contentType));
    }
}
