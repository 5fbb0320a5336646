using System.Net.Http.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Microfactory.Contracts.Agent.V1;
using Microfactory.Orchestrator.Tests.Support;
using AgentLinkClient = Microfactory.Contracts.Agent.V1.AgentLink.AgentLinkClient;

namespace Microfactory.Orchestrator.Tests.AgentLink;

/// <summary>
/// Reconciliation from hello, over real gRPC against the real orchestrator: an agent back with an empty state
/// directory leaves no order stuck, an assignment never acknowledged is sent again, the Welcome's resume point is
/// the documented one for every last_acknowledged_sequence, and a hello that disagrees with the site's definition is
/// told so while the stream keeps working.
/// </summary>
public sealed class HelloReconciliationTests : IAsyncLifetime
{
    private const string Site = "osaka-01";
    private const string Credential = "osaka-01-credential-0123456789abcdef";

    private RealOrchestrator _node = null!;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _node = await RealOrchestrator.StartAsync(new Dictionary<string, string> { [Site] = Credential });
        await _node.SeedAsync(Site);
        _channel = GrpcChannel.ForAddress(_node.AgentLink);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task An_agent_back_with_an_empty_state_directory_gets_its_lost_job_again_and_the_order_completes_once()
    {
        JobAssignment first;
        using (var before = Connect())
        {
            var welcome = await HelloAsync(before, lastAcknowledged: 0);
            Assert.Equal(0UL, welcome.ResumeAfterSequence);
            var order = await _node.SubmitOrderAsync("empty-disk");
            var assigned = await before.NextAsync(OrchestratorMessage.BodyOneofCase.JobAssignment);
            first = assigned.JobAssignment;
            Assert.Equal(order, first.OrderId);
            await before.RequestStream.WriteAsync(new AgentMessage { Ack = new Ack { Sequence = assigned.Sequence } });
            await SendJobUpdateAsync(before, 1, first, JobUpdateKind.Started);
            await EndAsync(before);
        }

        // The same site's agent, its state directory wiped: it acknowledges nothing and holds no job.
        using var after = Connect();
        var resumed = await HelloAsync(after, lastAcknowledged: 0);
        Assert.Equal(1UL, resumed.ResumeAfterSequence); // the orchestrator's record: the agent had acknowledged 1
        var again = (await after.NextAsync(OrchestratorMessage.BodyOneofCase.JobAssignment)).JobAssignment;

        Assert.Equal(first.OrderId, again.OrderId);
        Assert.NotEqual(first.JobId, again.JobId);
        var routedAgain = await HistoryAsync(first.OrderId);
        Assert.Contains(routedAgain.History, h => h.Reason == $"site {Site}'s agent no longer holds job {first.JobId} (it reconnected without it); routing again");

        await SendJobUpdateAsync(after, resumed.LastReceivedAgentSequence + 1, again, JobUpdateKind.Done, good: again.Quantity);
        var done = await HistoryAsync(first.OrderId);
        Assert.Equal(("Completed", 2, (int)again.Quantity), (done.Status, done.Attempts, done.Good));
        Assert.Single(done.History, h => h.Status == "Completed");
    }

    [Fact]
    public async Task An_assignment_the_agent_never_acknowledged_is_sent_again_with_its_sequence()
    {
        OrchestratorMessage first;
        using (var before = Connect())
        {
            await HelloAsync(before, lastAcknowledged: 0);
            await _node.SubmitOrderAsync("never-acked");
            first = await before.NextAsync(OrchestratorMessage.BodyOneofCase.JobAssignment);
            await EndAsync(before);
        }

        using var after = Connect();
        var welcome = await HelloAsync(after, lastAcknowledged: 0);
        var again = await after.NextAsync(OrchestratorMessage.BodyOneofCase.JobAssignment);

        Assert.Equal(0UL, welcome.ResumeAfterSequence);
        Assert.Equal((first.Sequence, first.JobAssignment.JobId), (again.Sequence, again.JobAssignment.JobId));
        Assert.Equal(1, (await HistoryAsync(first.JobAssignment.OrderId)).Attempts);
    }

    [Fact]
    public async Task The_welcome_resumes_after_the_orchestrators_record_for_a_lower_or_zero_hello_and_clamps_a_higher_one()
    {
        using (var before = Connect())
        {
            await HelloAsync(before, lastAcknowledged: 0);
            for (var i = 0; i < 2; i++)
            {
                await _node.SubmitOrderAsync($"resume-{i}");
                var assigned = await before.NextAsync(OrchestratorMessage.BodyOneofCase.JobAssignment);
                await before.RequestStream.WriteAsync(new AgentMessage { Ack = new Ack { Sequence = assigned.Sequence } });
                await SendJobUpdateAsync(before, (ulong)i + 1, assigned.JobAssignment, JobUpdateKind.Done, good: assigned.JobAssignment.Quantity);
            }

            await EndAsync(before);
        }

        foreach (var lower in new ulong[] { 1, 0 })
        {
            using var call = Connect();
            Assert.Equal(2UL, (await HelloAsync(call, lower)).ResumeAfterSequence);
            await EndAsync(call);
        }

        using var higher = Connect();
        Assert.Equal(2UL, (await HelloAsync(higher, lastAcknowledged: 40)).ResumeAfterSequence);
        var notice = (await higher.NextAsync(OrchestratorMessage.BodyOneofCase.Notice)).Notice;
        Assert.Equal(NoticeCode.HelloMismatch, notice.Code);
        Assert.StartsWith($"hello.last_acknowledged_sequence 40 is beyond the last message sent to site {Site} (2); delivery resumes after 2", notice.Message, StringComparison.Ordinal);

        // Clamped, nothing skipped: the next assignment is sequence 3 and reaches the agent.
        await _node.SubmitOrderAsync("after-clamp");
        Assert.Equal(3UL, (await higher.NextAsync(OrchestratorMessage.BodyOneofCase.JobAssignment)).Sequence);
    }

    [Fact]
    public async Task A_hello_naming_a_cell_the_site_does_not_have_gets_a_notice_the_site_shows_it_and_the_stream_keeps_working()
    {
        using var call = Connect();
        await HelloAsync(call, 0,
            new CellInfo { CellId = "cell-1", Capabilities = { "cnc", "additive" }, State = CellState.Idle },
            new CellInfo { CellId = "cell-7", Capabilities = { "cnc" }, State = CellState.Idle });

        var notices = new[]
        {
            (await call.NextAsync(OrchestratorMessage.BodyOneofCase.Notice)).Notice,
            (await call.NextAsync(OrchestratorMessage.BodyOneofCase.Notice)).Notice,
        };
        Assert.All(notices, n => Assert.Equal(NoticeCode.HelloMismatch, n.Code));
        Assert.Equal(
            $"cell cell-1 reports capabilities [additive, cnc] but site {Site}'s definition lists [cnc]; routing uses the definition",
            notices[0].Message);
        Assert.Equal(
            $"hello lists cell 'cell-7', which site {Site}'s definition (PUT /api/sites/{Site}) does not have; it gets no work until the definition lists it",
            notices[1].Message);

        var site = await _node.Admin.GetFromJsonAsync<SiteWithMismatches>($"/api/sites/{Site}").Within("the site view");
        Assert.Equal(2, site!.AgentMismatches.Count);
        Assert.Equal([true], site.Cells.Select(c => c.AgentReported));

        var order = await _node.SubmitOrderAsync("after-mismatch");
        var assignment = await call.NextAsync(OrchestratorMessage.BodyOneofCase.JobAssignment);
        Assert.Equal((order, "cell-1"), (assignment.JobAssignment.OrderId, assignment.JobAssignment.CellId));
    }

    private AsyncDuplexStreamingCall<AgentMessage, OrchestratorMessage> Connect() =>
        new AgentLinkClient(_channel).Connect(new Metadata { { "authorization", $"Bearer {Credential}" } });

    private static async Task<Welcome> HelloAsync(AsyncDuplexStreamingCall<AgentMessage, OrchestratorMessage> call, ulong lastAcknowledged, params CellInfo[] cells)
    {
        var hello = new Hello { SiteId = Site, AgentVersion = "reconciliation-test", LastAcknowledgedSequence = lastAcknowledged };
        hello.Cells.Add(cells.Length > 0 ? cells : [new CellInfo { CellId = "cell-1", Capabilities = { "cnc" }, State = CellState.Idle }]);
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = hello }).Within("the hello");
        return (await call.NextAsync(OrchestratorMessage.BodyOneofCase.Welcome)).Welcome;
    }

    /// <summary>Sends a sequenced job update and waits for the orchestrator's Ack, which it sends once the order has it.</summary>
    private static async Task SendJobUpdateAsync(AsyncDuplexStreamingCall<AgentMessage, OrchestratorMessage> call, ulong sequence, JobAssignment job, JobUpdateKind kind, uint good = 0)
    {
        await call.RequestStream.WriteAsync(new AgentMessage
        {
            Sequence = sequence,
            JobUpdate = new JobUpdate { JobId = job.JobId, OrderId = job.OrderId, CellId = job.CellId, Kind = kind, GoodCount = good, Quantity = job.Quantity },
        }).Within($"job update {sequence}");
        while (true)
        {
            var ack = await call.NextAsync(OrchestratorMessage.BodyOneofCase.Ack);
            if (ack.Ack.Sequence >= sequence)
            {
                return;
            }
        }
    }

    /// <summary>Ends the agent's side in order and waits for the orchestrator to end the call (the site is then disconnected).</summary>
    private static async Task EndAsync(AsyncDuplexStreamingCall<AgentMessage, OrchestratorMessage> call)
    {
        await call.RequestStream.CompleteAsync().Within("the agent to close its side");
        while (await call.ResponseStream.MoveNext(CancellationToken.None).Within("the orchestrator to end the call"))
        {
        }
    }

    private async Task<OrderWithHistory> HistoryAsync(string orderId) =>
        (await _node.Admin.GetFromJsonAsync<OrderWithHistory>($"/api/orders/{orderId}").Within($"order {orderId}"))!;

    private sealed record OrderWithHistory(string Status, int Attempts, int Good, List<Transition> History);

    private sealed record Transition(string Status, string Reason);

    private sealed record SiteWithMismatches(List<string> AgentMismatches, List<ReportedCell> Cells);

    private sealed record ReportedCell(string Id, bool? AgentReported);
}
