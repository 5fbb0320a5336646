using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using Microfactory.Orchestrator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microfactory.Orchestrator.Tests.AgentLink;

/// <summary>
/// The agent endpoint's standard services, called with the official clients: grpc.health.v1.Health reports the
/// readiness checks, and server reflection describes AgentLink well enough to call it without the .proto files.
/// </summary>
public sealed class HealthAndReflectionTests
{
    private const string Credential = "osaka-01-credential-0123456789";
    private const string AgentLinkService = "microfactory.agent.v1.AgentLink";

    [Fact]
    public async Task Health_is_serving_for_the_server_and_for_AgentLink_when_the_store_is_ready()
    {
        await using var node = await RealOrchestrator.StartAsync(new Dictionary<string, string>());
        using var channel = GrpcChannel.ForAddress(node.AgentLink);
        var health = new Health.HealthClient(channel);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await CheckAsync(health, "")).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await CheckAsync(health, AgentLinkService)).Status);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => CheckAsync(health, "no.such.Service"));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Health_is_not_serving_while_a_readiness_check_fails_and_ignores_checks_that_are_not_about_readiness()
    {
        var ready = true;
        await using var node = await RealOrchestrator.StartAsync(new Dictionary<string, string>(), services: services => services.AddHealthChecks()
            .AddCheck("test-readiness", () => ready ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("the test took the store away"), tags: ["ready"])
            .AddCheck("test-not-about-readiness", () => HealthCheckResult.Unhealthy("never asked by gRPC health")));
        using var channel = GrpcChannel.ForAddress(node.AgentLink);
        var health = new Health.HealthClient(channel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await CheckAsync(health, AgentLinkService)).Status);

        ready = false;

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await CheckAsync(health, "")).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await CheckAsync(health, AgentLinkService)).Status);
    }

    [Fact]
    public async Task Reflection_lists_and_describes_AgentLink_so_a_client_without_the_proto_can_call_it()
    {
        await using var node = await RealOrchestrator.StartAsync(new Dictionary<string, string> { ["osaka-01"] = Credential });
        using var channel = GrpcChannel.ForAddress(node.AgentLink);
        var reflection = new ServerReflection.ServerReflectionClient(channel);

        var services = (await AskAsync(reflection, new ServerReflectionRequest { ListServices = "" })).ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains(AgentLinkService, services);
        Assert.Contains("grpc.health.v1.Health", services);

        var files = (await AskAsync(reflection, new ServerReflectionRequest { FileContainingSymbol = AgentLinkService }))
            .FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom).ToList();
        var service = files.SelectMany(f => f.Service.Select(s => (Package: f.Package, Service: s))).Single(s => $"{s.Package}.{s.Service.Name}" == AgentLinkService).Service;
        var connect = service.Method.Single(m => m.Name == "Connect");
        Assert.True(connect.ClientStreaming && connect.ServerStreaming, "Connect is not bidirectional in the reflected descriptor");
        Assert.Equal(".microfactory.agent.v1.AgentMessage", connect.InputType);
        var download = service.Method.Single(m => m.Name == "DownloadArtifact");
        Assert.True(!download.ClientStreaming && download.ServerStreaming, "DownloadArtifact is not server-streaming in the reflected descriptor");

        // What grpcurl does: encode the request from the reflected field numbers alone, and call the reflected path.
        var request = (await AskAsync(reflection, new ServerReflectionRequest { FileContainingSymbol = download.InputType.TrimStart('.') }))
            .FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom)
            .SelectMany(f => f.MessageType.Select(m => (Name: $".{f.Package}.{m.Name}", Message: m))).Single(m => m.Name == download.InputType).Message;
        var artifactId = request.Field.Single(f => f.Name == "artifact_id");
        Assert.Equal(FieldDescriptorProto.Types.Type.String, artifactId.Type);
        var missing = new string('a', 64);
        using var body = new MemoryStream();
        using var output = new CodedOutputStream(body, leaveOpen: true);
        output.WriteTag(artifactId.Number, WireFormat.WireType.LengthDelimited);
        output.WriteString(missing);
        output.Flush();

        var raw = Marshallers.Create((byte[] b) => b, b => b);
        var method = new Method<byte[], byte[]>(MethodType.ServerStreaming, AgentLinkService, download.Name, raw, raw);
        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(method, null,
            new CallOptions(new Metadata { { "authorization", $"Bearer {Credential}" } }, DateTime.UtcNow.AddSeconds(30)), body.ToArray());
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().Within("the reflected DownloadArtifact call"));

        // NOT_FOUND naming the id proves the service parsed the hand-encoded request.
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains(missing, error.Status.Detail, StringComparison.Ordinal);
    }

    private static Task<HealthCheckResponse> CheckAsync(Health.HealthClient health, string service) =>
        health.CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync.Within($"gRPC health of '{service}'");

    private static async Task<ServerReflectionResponse> AskAsync(ServerReflection.ServerReflectionClient reflection, ServerReflectionRequest request)
    {
        using var call = reflection.ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(30));
        await call.RequestStream.WriteAsync(request).Within("a reflection request");
        Assert.True(await call.ResponseStream.MoveNext().Within("the reflection answer"));
        var response = call.ResponseStream.Current;
        await call.RequestStream.CompleteAsync().Within("the end of the reflection call");
        Assert.True(response.MessageResponseCase != ServerReflectionResponse.MessageResponseOneofCase.ErrorResponse, $"reflection refused: {response.ErrorResponse}");
        return response;
    }
}
