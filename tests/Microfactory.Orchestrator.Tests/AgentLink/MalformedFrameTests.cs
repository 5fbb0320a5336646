using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Microfactory.Contracts.Agent.V1;
using Microfactory.Orchestrator.Tests.Support;
using AgentLinkClient = Microfactory.Contracts.Agent.V1.AgentLink.AgentLinkClient;

namespace Microfactory.Orchestrator.Tests.AgentLink;

/// <summary>
/// Hand-framed bodies sent to the real agent endpoint over HTTP/2: each malformed call ends with its own gRPC status
/// and no message, and an agent's Connect stream on the same connection carries on as if nothing happened.
/// </summary>
public sealed class MalformedFrameTests : IAsyncLifetime
{
    private const string Credential = "osaka-01-credential-0123456789";
    private const string Download = "/microfactory.agent.v1.AgentLink/DownloadArtifact";
    private const string Connect = "/microfactory.agent.v1.AgentLink/Connect";
    private RealOrchestrator _node = null!;

    public static TheoryData<string, string, byte[], StatusCode, string> MalformedBodies => new()
    {
        { "truncated header", Download, [0, 0, 0], StatusCode.Internal, "Incomplete message" },
        { "length prefix larger than the body", Download, RawGrpcRequest.Frame(0, 100, 1, 2, 3), StatusCode.Internal, "Incomplete message" },
        // Grpc.AspNetCore parses a server-streaming request before any of our code runs, and answers an unparsable one
        // UNKNOWN (where the gRPC status table says INTERNAL); Connect's messages are read by our handler, which says INTERNAL.
        { "garbage protobuf", Download, RawGrpcRequest.Frame(0, 4, 0xFF, 0xFF, 0xFF, 0xFF), StatusCode.Unknown, "Exception was thrown by handler." },
        { "oversized message", Download, RawGrpcRequest.Frame(0, 16 * 1024 * 1024, 1, 2, 3), StatusCode.ResourceExhausted, "exceeds the maximum" },
        { "garbage protobuf as the first Connect message", Connect, RawGrpcRequest.Frame(0, 4, 0xFF, 0xFF, 0xFF, 0xFF), StatusCode.InvalidArgument, "Failed to deserialize" },
        { "oversized first Connect message", Connect, RawGrpcRequest.Frame(0, 16 * 1024 * 1024, 1, 2, 3), StatusCode.ResourceExhausted, "exceeds the maximum" },
    };

    public async Task InitializeAsync()
    {
        _node = await RealOrchestrator.StartAsync(new Dictionary<string, string> { ["osaka-01"] = Credential });
        await _node.SeedAsync("osaka-01");
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_body_ends_its_call_with_the_right_status_and_nothing_else(string what, string path, byte[] body, StatusCode expected, string detail)
    {
        using var handler = new SocketsHttpHandler();
        using var client = RawGrpcRequest.CreateClient(handler);

        var response = await RawGrpcRequest.SendAsync(client, _node.AgentLink, path, body, headers: ("authorization", $"Bearer {Credential}"));

        Assert.True(response.HttpStatus == HttpStatusCode.OK, $"{what}: {response}");
        Assert.True(((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture) == response.GrpcStatus, $"{what}: expected {expected}, got {response}");
        Assert.True(response.GrpcMessage.Contains(detail, StringComparison.Ordinal), $"{what}: {response}");
        Assert.True(response.Body.Length == 0, $"{what}: a message came back: {response}");
    }

    [Fact]
    public async Task An_agent_stream_on_the_same_connection_survives_every_malformed_call()
    {
        // One handler, one HTTP/2 connection: the agent's stream and the raw requests share it.
        using var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false };
        using var channel = GrpcChannel.ForAddress(_node.AgentLink, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = false });
        using var raw = RawGrpcRequest.CreateClient(handler);
        var headers = new Metadata { { "authorization", $"Bearer {Credential}" } };
        using var stream = new AgentLinkClient(channel).Connect(headers, DateTime.UtcNow.AddMinutes(2));
        await stream.RequestStream.WriteAsync(Hello()).Within("Hello");
        Assert.True(await stream.ResponseStream.MoveNext().Within("Welcome"));
        Assert.Equal(OrchestratorMessage.BodyOneofCase.Welcome, stream.ResponseStream.Current.BodyCase);

        foreach (var row in MalformedBodies)
        {
            var (what, path, body, expected) = ((string)row[0], (string)row[1], (byte[])row[2], (StatusCode)row[3]);
            var response = await RawGrpcRequest.SendAsync(raw, _node.AgentLink, path, body, headers: ("authorization", $"Bearer {Credential}"));
            Assert.True(((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture) == response.GrpcStatus, $"{what}: {response}");
        }

        // The stream still answers: a sequenced message is judged (an update for a job never assigned is rejected) and
        // acknowledged, and the stream ends cleanly when the agent closes it.
        await stream.RequestStream.WriteAsync(new AgentMessage
        {
            Sequence = 1,
            JobUpdate = new JobUpdate { JobId = "never-assigned", CellId = "cell-1", Kind = JobUpdateKind.Accepted },
        }).Within("a sequenced update after the malformed calls");
        Assert.True(await stream.ResponseStream.MoveNext().Within("the rejection of the update"));
        Assert.Equal((NoticeCode.MessageRejected, 1UL), (stream.ResponseStream.Current.Notice?.Code, stream.ResponseStream.Current.Notice?.RelatedSequence));
        Assert.True(await stream.ResponseStream.MoveNext().Within("the ack of the update"));
        Assert.Equal(1UL, stream.ResponseStream.Current.Ack?.Sequence);
        await stream.RequestStream.CompleteAsync().Within("half-close");
        Assert.False(await stream.ResponseStream.MoveNext().Within("the end of the stream"));
        Assert.Equal(StatusCode.OK, stream.GetStatus().StatusCode);
    }

    private static AgentMessage Hello() => new()
    {
        Hello = new Hello
        {
            SiteId = "osaka-01",
            AgentVersion = "malformed-frame-test/1",
            Cells = { new CellInfo { CellId = "cell-1", Capabilities = { "cnc" }, State = CellState.Idle } },
        },
    };
}
