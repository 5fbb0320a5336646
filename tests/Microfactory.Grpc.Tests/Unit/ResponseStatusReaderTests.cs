using System.Net;
using System.Net.Http.Headers;
using Microfactory.Grpc.Client;

namespace Microfactory.Grpc.Tests.Unit;

public sealed class ResponseStatusReaderTests
{
    [Fact]
    public void A_trailers_only_response_carries_its_status_and_decoded_message_in_the_headers()
    {
        using var response = GrpcResponse();
        response.Headers.TryAddWithoutValidation("grpc-status", "7");
        response.Headers.TryAddWithoutValidation("grpc-message", "site %E2%98%BA denied");

        Assert.Equal(new Status(StatusCode.PermissionDenied, "site \u263a denied"), ResponseStatusReader.FromHeaders(response));
    }

    [Fact]
    public void A_normal_response_has_no_status_in_its_headers()
    {
        using var response = GrpcResponse();
        Assert.Null(ResponseStatusReader.FromHeaders(response));
    }

    [Fact]
    public void An_http_error_without_grpc_status_maps_to_a_grpc_code()
    {
        using var response = GrpcResponse(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(StatusCode.Unavailable, ResponseStatusReader.FromHeaders(response)?.StatusCode);
    }

    [Fact]
    public void A_response_that_is_not_grpc_is_internal_naming_its_content_type()
    {
        using var response = GrpcResponse(contentType: "text/html");
        var status = ResponseStatusReader.FromHeaders(response);
        Assert.Equal(StatusCode.Internal, status?.StatusCode);
        Assert.Contains("text/html", status?.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("17")]
    [InlineData("-1")]
    [InlineData("ok")]
    public void An_invalid_grpc_status_is_unknown(string value)
    {
        using var response = GrpcResponse();
        response.Headers.TryAddWithoutValidation("grpc-status", value);
        Assert.Equal(StatusCode.Unknown, ResponseStatusReader.FromHeaders(response)?.StatusCode);
    }

    private static HttpResponseMessage GrpcResponse(HttpStatusCode status = HttpStatusCode.OK, string contentType = "application/grpc") => new(status)
    {
        Content = new ByteArrayContent([]) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } },
    };
}
