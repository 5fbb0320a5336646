using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests.AgentLink;

/// <summary>
/// The gRPC layer (AgentLink, health, reflection and Grpc.AspNetCore's catch-all for unknown gRPC methods) answers gRPC
/// requests only: an API request without or with the wrong Content-Type gets the API's own 415 ProblemDetails on either
/// port, never a 404 or a gRPC response.
/// </summary>
public sealed class NonGrpcRequestTests : IAsyncLifetime
{
    private RealOrchestrator _node = null!;

    public async Task InitializeAsync() => _node = await RealOrchestrator.StartAsync(new Dictionary<string, string>());

    public async Task DisposeAsync() => await _node.DisposeAsync();

    public static TheoryData<string?> ContentTypes => new() { null, "application/grpc", "text/plain" };

    [Theory]
    [MemberData(nameof(ContentTypes))]
    public async Task An_order_posted_without_json_gets_the_APIs_415_on_the_API_port(string? contentType)
    {
        using var request = OrderPost(contentType, HttpVersion.Version11);

        using var response = await _node.Admin.SendAsync(request).Within("POST /api/orders");

        await AssertApiUnsupportedMediaTypeAsync(response, contentType);
    }

    [Theory]
    [MemberData(nameof(ContentTypes))]
    public async Task An_order_posted_without_json_to_the_agent_port_gets_the_APIs_415_not_a_grpc_answer(string? contentType)
    {
        using var client = new HttpClient { BaseAddress = _node.AgentLink, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        client.DefaultRequestHeaders.Authorization = _node.Admin.DefaultRequestHeaders.Authorization;
        using var request = OrderPost(contentType, HttpVersion.Version20);

        using var response = await client.SendAsync(request).Within("POST /api/orders over HTTP/2 on the agent port");

        await AssertApiUnsupportedMediaTypeAsync(response, contentType);
    }

    [Fact]
    public async Task A_path_that_is_no_route_is_a_plain_404_not_grpc_unimplemented()
    {
        using var handler = new SocketsHttpHandler();
        using var client = RawGrpcRequest.CreateClient(handler);

        var response = await RawGrpcRequest.SendAsync(client, _node.AgentLink, "/some/path", [1, 2], contentType: "application/json");

        Assert.Equal(HttpStatusCode.NotFound, response.HttpStatus);
        Assert.Null(response.GrpcStatus);
    }

    [Theory]
    [InlineData("microfactory.agent.v1.NoSuchService", "Call")]
    [InlineData("microfactory.agent.v1.AgentLink", "NoSuchMethod")]
    public async Task A_grpc_client_calling_an_unknown_service_or_method_still_gets_unimplemented(string service, string name)
    {
        // No gRPC catch-all answers: the HTTP 404 is what a gRPC client reads as UNIMPLEMENTED.
        using var channel = GrpcChannel.ForAddress(_node.AgentLink);
        var empty = Marshallers.Create((Empty e) => e.ToByteArray(), Empty.Parser.ParseFrom);
        var unknown = new Method<Empty, Empty>(MethodType.Unary, service, name, empty, empty);

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(unknown, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)), new Empty()).ResponseAsync.Within($"a call to {service}/{name}"));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task A_known_method_called_without_grpc_content_gets_grpc_aspnetcores_415()
    {
        using var handler = new SocketsHttpHandler();
        using var client = RawGrpcRequest.CreateClient(handler);

        var json = await RawGrpcRequest.SendAsync(client, _node.AgentLink, "/microfactory.agent.v1.AgentLink/Connect", [1, 2], contentType: "application/json");

        Assert.True(json.HttpStatus == HttpStatusCode.UnsupportedMediaType && json.GrpcStatus == "13", json.ToString());
    }

    private static HttpRequestMessage OrderPost(string? contentType, Version version)
    {
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"product":"bracket","quantity":1,"dueAt":"2030-01-01T00:00:00Z","deliveryCityId":"osaka"}"""));
        if (contentType is not null)
        {
            body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = body, Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Add("Idempotency-Key", $"non-grpc-{Guid.NewGuid():N}");
        return request;
    }

    private static async Task AssertApiUnsupportedMediaTypeAsync(HttpResponseMessage response, string? contentType)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, $"Content-Type {contentType ?? "(none)"}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("grpc-status") || response.TrailingHeaders.Contains("grpc-status"), "a gRPC status came back");
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(415, problem.RootElement.GetProperty("status").GetInt32());
    }
}
