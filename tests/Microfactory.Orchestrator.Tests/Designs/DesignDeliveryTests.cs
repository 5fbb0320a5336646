using Microfactory.Contracts.Agent.V1;
using Grpc.Core;
using Grpc.Net.Client;
using AgentLinkClient = Microfactory.Contracts.Agent.V1.AgentLink.AgentLinkClient;
using Microfactory.Network.Designs;
using Microfactory.Orchestrator.AgentLink;
using Microfactory.Orchestrator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Microfactory.Orchestrator.Tests.Designs;

/// <summary>
/// IDesignDelivery through the site's outbox to an agent on a real Connect stream, and the agent's acks back into the
/// site's design status.
/// </summary>
public sealed class DesignDeliveryTests : IAsyncLifetime
{
    private const string Credential = "osaka-01-credential-0123456789abcdef";
    private static readonly string Sha = new('c', 64);

    private RealOrchestrator _node = null!;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _node = await RealOrchestrator.StartAsync(new Dictionary<string, string> { ["osaka-01"] = Credential });
        await _node.SeedAsync("osaka-01");
        _channel = GrpcChannel.ForAddress(_node.AgentLink);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task An_instruction_sent_twice_reaches_the_agent_once_and_its_acks_become_the_sites_status()
    {
        var delivery = _node.Services.GetRequiredService<IDesignDelivery>();
        var install = new DesignInstruction("rollout-1", "bracket@1.0.0", Sha, 1234, ["cnc"], Network.Designs.DesignAction.Install, null);
        await delivery.SendAsync("osaka-01", install).Within("send the instruction");
        await delivery.SendAsync("osaka-01", install).Within("send it again");
        Assert.Equal(SiteDesignState.Pending, (await delivery.StatusAsync("osaka-01", "bracket@1.0.0"))?.State);

        using var call = await ConnectAsync();
        var update = await NextDesignUpdateAsync(call);
        Assert.Equal(("bracket@1.0.0", Sha, Sha, 1234UL, Contracts.Agent.V1.DesignAction.Install, "rollout-1"),
            (update.DesignUpdate.DesignVersion, update.DesignUpdate.Sha256, update.DesignUpdate.ArtifactId, update.DesignUpdate.SizeBytes, update.DesignUpdate.Action, update.DesignUpdate.RolloutId));
        Assert.Equal(["cnc"], update.DesignUpdate.RequiredCapabilities);

        await call.RequestStream.WriteAsync(new AgentMessage { Ack = new Ack { Sequence = update.Sequence } }).Within("ack the update");
        await AckAsync(call, 1, DesignInstallStatus.Installed);
        await Await.Until(async () => (await delivery.StatusAsync("osaka-01", "bracket@1.0.0"))?.State == SiteDesignState.Installed, "the site to record INSTALLED");

        // A resend of the same agent sequence (after a reconnect) changes nothing; a newer FAILED would.
        await AckAsync(call, 1, DesignInstallStatus.Failed);
        await AckAsync(call, 2, DesignInstallStatus.Downloading);
        await Await.Until(async () => (await delivery.StatusAsync("osaka-01", "bracket@1.0.0"))?.State == SiteDesignState.Downloading, "the newer ack to be recorded");

        var rollback = install with { Action = Network.Designs.DesignAction.Rollback, PreviousDesign = "bracket@0.9.0" };
        await delivery.SendAsync("osaka-01", rollback).Within("send a rollback");
        var second = await NextDesignUpdateAsync(call);
        Assert.Equal((Contracts.Agent.V1.DesignAction.Rollback, "bracket@0.9.0"), (second.DesignUpdate.Action, second.DesignUpdate.PreviousDesignVersion));
        Assert.True(second.Sequence > update.Sequence, "the first update, acknowledged, is not sent again");
        await call.RequestStream.CompleteAsync();
    }

    [Fact]
    public async Task A_site_never_told_about_a_design_has_no_status_for_it()
    {
        var delivery = _node.Services.GetRequiredService<IDesignDelivery>();
        Assert.Null(await delivery.StatusAsync("osaka-01", "bracket@9.9.9").Within("read the status"));
    }

    private async Task<AsyncDuplexStreamingCall<AgentMessage, OrchestratorMessage>> ConnectAsync()
    {
        var call = new AgentLinkClient(_channel).Connect(new CallOptions(new Metadata { { "authorization", $"Bearer {Credential}" } }, DateTime.UtcNow.AddSeconds(60)));
        var hello = new Hello { SiteId = "osaka-01", AgentVersion = "test", AgentInstanceId = "test-agent" };
        hello.Cells.Add(new CellInfo { CellId = "cell-1", Capabilities = { "cnc" }, State = CellState.Idle });
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = hello }).Within("send hello");
        return call;
    }

    private static async Task<OrchestratorMessage> NextDesignUpdateAsync(AsyncDuplexStreamingCall<AgentMessage, OrchestratorMessage> call)
    {
        while (await call.ResponseStream.MoveNext().Within("the next message from the orchestrator"))
        {
            if (call.ResponseStream.Current.BodyCase == OrchestratorMessage.BodyOneofCase.DesignUpdate)
            {
                return call.ResponseStream.Current;
            }
        }

        throw new InvalidOperationException("The stream ended before a design update arrived.");
    }

    private static Task AckAsync(AsyncDuplexStreamingCall<AgentMessage, OrchestratorMessage> call, ulong sequence, DesignInstallStatus status) =>
        call.RequestStream.WriteAsync(new AgentMessage
        {
            Sequence = sequence,
            DesignInstallAck = new DesignInstallAck { DesignVersion = "bracket@1.0.0", Sha256 = Sha, Status = status, RolloutId = "rollout-1" },
        }).Within($"send {status} #{sequence}");
}
