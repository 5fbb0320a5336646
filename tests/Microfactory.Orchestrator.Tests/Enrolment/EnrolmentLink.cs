using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Microfactory.Contracts.Agent.V1;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests.Enrolment;

/// <summary>What the enrolment tests do over real gRPC against a <see cref="RealOrchestrator"/>: as an admin and as a raw agent.</summary>
internal sealed class EnrolmentLink(RealOrchestrator node) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(node.AgentLink);

    public Contracts.Agent.V1.Enrolment.EnrolmentClient Enrolment => new(_channel);

    public async Task<string> CreateTokenAsync(string siteId)
    {
        using var response = await node.Admin.PostAsJsonAsync($"/api/sites/{siteId}/enrolment-tokens", new { }).Within("create an enrolment token");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
    }

    public async Task<string> EnrolAsync(string siteId) =>
        (await Enrolment.EnrollAsync(new EnrollRequest { SiteId = siteId, EnrolmentToken = await CreateTokenAsync(siteId) }).ResponseAsync.Within("the enrolment")).Credential;

    public async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await node.Admin.PostAsJsonAsync(path, body).Within($"POST {path}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<bool> ConnectedAsync(string siteId) =>
        (await node.Admin.GetFromJsonAsync<JsonElement>($"/api/sites/{siteId}").Within("the site")).GetProperty("connected").GetBoolean();

    /// <summary>A Connect stream that got its Welcome.</summary>
    public async Task<AsyncDuplexStreamingCall<AgentMessage, OrchestratorMessage>> ConnectAsync(string siteId, string credential)
    {
        var call = new Contracts.Agent.V1.AgentLink.AgentLinkClient(_channel).Connect(new Metadata { { "authorization", $"Bearer {credential}" } });
        await call.RequestStream.WriteAsync(new AgentMessage
        {
            Hello = new Hello { SiteId = siteId, AgentVersion = "enrolment-test", Cells = { new CellInfo { CellId = "cell-1", Capabilities = { "cnc" }, State = CellState.Idle } } },
        }).Within($"{siteId}'s hello");
        var first = await NextAsync(call);
        Assert.Equal(OrchestratorMessage.BodyOneofCase.Welcome, first?.BodyCase);
        return call;
    }

    /// <summary>The status a Connect with <paramref name="credential"/> ends with before any Welcome (OK when welcomed).</summary>
    public async Task<RpcException?> RefusalAsync(string siteId, string credential)
    {
        try
        {
            using var call = await ConnectAsync(siteId, credential);
            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
    }

    /// <summary>The next message on the stream; null when it ended in order.</summary>
    public static async Task<OrchestratorMessage?> NextAsync(AsyncDuplexStreamingCall<AgentMessage, OrchestratorMessage> call) =>
        await call.ResponseStream.MoveNext(CancellationToken.None).Within("the next message on the stream") ? call.ResponseStream.Current : null;

    /// <summary>Reads until a notice; the stream must then end with an error status, which is returned with it.</summary>
    public static async Task<(LinkNotice Notice, RpcException End)> NoticeThenEndAsync(AsyncDuplexStreamingCall<AgentMessage, OrchestratorMessage> call)
    {
        while (await NextAsync(call) is { } message)
        {
            if (message.BodyCase == OrchestratorMessage.BodyOneofCase.Notice)
            {
                // As an agent told its stream ends: its side closes, so the status arrives rather than a reset of a half-open stream.
                await call.RequestStream.CompleteAsync().Within("closing the agent's side");
                var end = await Assert.ThrowsAsync<RpcException>(() => NextAsync(call));
                return (message.Notice, end);
            }
        }

        throw new InvalidOperationException("The stream ended without a notice.");
    }

    public void Dispose() => _channel.Dispose();
}
