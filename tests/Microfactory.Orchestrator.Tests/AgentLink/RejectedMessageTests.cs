using Grpc.Core;
using Grpc.Net.Client;
using Microfactory.Contracts.Agent.V1;
using Microfactory.Orchestrator.Tests.Support;
using AgentLinkClient = Microfactory.Contracts.Agent.V1.AgentLink.AgentLinkClient;

namespace Microfactory.Orchestrator.Tests.AgentLink;

/// <summary>
/// What an agent sends that the orchestrator cannot apply is refused out loud: a MESSAGE_REJECTED notice naming the
/// message and the reason, nothing applied, and the stream carries on.
/// </summary>
public sealed class RejectedMessageTests : IAsyncLifetime
{
    private const string Credential = "osaka-01-credential-0123456789abcdef";
    private const string OtherCredential = "osaka-02-credential-0123456789abcdef";

    private RealOrchestrator _node = null!;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _node = await RealOrchestrator.StartAsync(new Dictionary<string, string> { ["osaka-01"] = Credential, ["osaka-02"] = OtherCredential });
        await _node.SeedAsync("osaka-01", "osaka-02");
        _channel = GrpcChannel.ForAddress(_node.AgentLink);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task An_unknown_job_an_unknown_cell_and_an_ack_beyond_what_was_sent_are_each_rejected_and_the_stream_keeps_working()
    {
        using var call = await ConnectAsync("osaka-01", Credential);

        await call.RequestStream.WriteAsync(new AgentMessage { Sequence = 1, JobUpdate = new JobUpdate { JobId = "no-such-job", Kind = JobUpdateKind.Done, GoodCount = 5 } });
        var unknownJob = await NextNoticeAsync(call);
        Assert.Equal((NoticeCode.MessageRejected, 1UL), (unknownJob.Code, unknownJob.RelatedSequence));
        Assert.Contains("job 'no-such-job'", unknownJob.Message, StringComparison.Ordinal);

        await call.RequestStream.WriteAsync(new AgentMessage { CapacityReport = new CapacityReport { Cells = { new CellCapacity { CellId = "cell-9", State = CellState.Idle } } } });
        var unknownCell = await NextNoticeAsync(call);
        Assert.Equal(NoticeCode.MessageRejected, unknownCell.Code);
        Assert.Contains("cell-9", unknownCell.Message, StringComparison.Ordinal);

        await call.RequestStream.WriteAsync(new AgentMessage { Ack = new Ack { Sequence = 999 } });
        var beyond = await NextNoticeAsync(call);
        Assert.Equal(NoticeCode.MessageRejected, beyond.Code);
        Assert.Contains("ack 999 is beyond the last message sent", beyond.Message, StringComparison.Ordinal);

        // The stream still works: an order placed now reaches this agent, and the ack refused above skipped nothing.
        using var drained = await _node.Admin.PostAsync("/api/sites/osaka-02/drain", null).Within("drain the other site");
        drained.EnsureSuccessStatusCode();
        var order = await _node.SubmitOrderAsync("after-rejections");
        var assignment = await call.NextAsync(OrchestratorMessage.BodyOneofCase.JobAssignment);
        Assert.Equal(order, assignment.JobAssignment.OrderId);
    }

    [Fact]
    public async Task A_report_on_another_sites_job_is_rejected_and_changes_nothing()
    {
        using var other = await ConnectAsync("osaka-02", OtherCredential);
        using var call = await ConnectAsync("osaka-01", Credential);
        var order = await _node.SubmitOrderAsync("whose-job");
        var assignment = (await _node.OrderAsync(order)).Assignment!;
        var (stranger, strangerSite) = assignment.SiteId == "osaka-01" ? (other, "osaka-02") : (call, "osaka-01");

        await stranger.RequestStream.WriteAsync(new AgentMessage { Sequence = 1, JobUpdate = new JobUpdate { JobId = assignment.JobId, Kind = JobUpdateKind.Done, GoodCount = 5 } });

        var rejected = await NextNoticeAsync(stranger);
        Assert.Equal((NoticeCode.MessageRejected, 1UL), (rejected.Code, rejected.RelatedSequence));
        Assert.Contains($"which site {strangerSite} does not hold", rejected.Message, StringComparison.Ordinal);
        var after = await _node.OrderAsync(order);
        Assert.Equal((0, 0), (after.Good, after.Scrap));
        Assert.NotEqual("Completed", after.Status);
    }

    private async Task<AsyncDuplexStreamingCall<AgentMessage, OrchestratorMessage>> ConnectAsync(string site, string credential)
    {
        var call = new AgentLinkClient(_channel).Connect(new Metadata { { "authorization", $"Bearer {credential}" } });
        await call.RequestStream.WriteAsync(new AgentMessage
        {
            Hello = new Hello { SiteId = site, AgentVersion = "rejection-test", Cells = { new CellInfo { CellId = "cell-1", Capabilities = { "cnc" }, State = CellState.Idle } } },
        }).Within($"{site}'s hello");
        await call.NextAsync(OrchestratorMessage.BodyOneofCase.Welcome);
        return call;
    }

    private static async Task<LinkNotice> NextNoticeAsync(AsyncDuplexStreamingCall<AgentMessage, OrchestratorMessage> call) =>
        (await call.NextAsync(OrchestratorMessage.BodyOneofCase.Notice)).Notice;
}
