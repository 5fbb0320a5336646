using System.Net;
using System.Net.Http.Json;
using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Operations;
using Microfactory.SiteAgent.State;
using Microfactory.SiteAgent.Tests.Support;
using static Microfactory.SiteAgent.Tests.Support.LinkedAgent;

namespace Microfactory.SiteAgent.Tests.Operations;

/// <summary>
/// A cell with an operator gate waits after each job until someone confirms through the agent's local endpoint; the
/// capacity report shows it waiting; the gate survives a restart.
/// </summary>
public sealed class OperatorGateTests
{
    [Fact]
    public async Task After_a_job_the_cell_waits_for_a_confirmation_before_it_starts_the_next_one()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        await using var agent = await LinkedAgent.StartAsync(GatedConfiguration(peer));
        using var local = new LocalCalls(agent.Host);
        var c = await peer.NextConnectionAsync("the agent's Connect");

        c.Send(Assignment(1, "job-1", 1));
        c.Send(Assignment(2, "job-2", 1));
        await c.WaitForAsync(HasUpdate("job-1", JobUpdateKind.Started), "job-1 to start");
        await agent.DrivePartsAsync(c, "job-1", 0, 1);
        await c.WaitForAsync(HasUpdate("job-1", JobUpdateKind.Done), "job-1 to be done");
        await c.WaitForAsync(Awaiting(true), "a capacity report showing cnc-1 waiting for an operator");

        // The gate closed in the same durable write as job-1's end: job-2 cannot have been taken.
        Assert.Equal(HeldJobStatus.Queued, agent.Book.Jobs.Single(j => j.JobId == "job-2").Status);
        Assert.DoesNotContain(c.Updates("job-2"), u => u.Kind == JobUpdateKind.Started);
        var waiting = (await local.ReadStatusAsync()).Cells.Single(cell => cell.Id == "cnc-1");
        Assert.True(waiting.AwaitingOperator);
        Assert.Equal("job-1", waiting.AwaitingAfterJobId);
        Assert.Equal(1, waiting.Queued);

        var before = c.Received.Count;
        using var confirmed = await local.ConfirmAsync("cnc-1");
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("job-1", (await confirmed.Content.ReadFromJsonAsync<ConfirmedResponse>(LocalCalls.Json))!.AfterJobId);
        await c.WaitForAsync(HasUpdate("job-2", JobUpdateKind.Started), "job-2 to start after the confirmation");
        await c.WaitForAsync(messages => Awaiting(false)([.. messages.Skip(before)]), "a capacity report showing cnc-1 no longer waiting");
    }

    [Fact]
    public async Task The_endpoint_refuses_without_the_token_and_says_what_is_wrong_with_a_confirmation()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        await using var agent = await LinkedAgent.StartAsync(GatedConfiguration(peer));
        using var local = new LocalCalls(agent.Host);

        using var anonymous = await local.ConfirmAsync("cnc-1", token: "");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        using var wrong = await local.StatusAsync(token: "a-wrong-token-of-enough-length");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using var unknown = await local.ConfirmAsync("lathe-9");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("cnc-1, printer-1", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var notWaiting = await local.ConfirmAsync("cnc-1");
        Assert.Equal(HttpStatusCode.Conflict, notWaiting.StatusCode);
        using var ungated = await local.ConfirmAsync("printer-1");
        Assert.Equal(HttpStatusCode.Conflict, ungated.StatusCode);
        Assert.Contains("no operator gate", await ungated.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restarted_agent_keeps_waiting_for_the_confirmation()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        var configuration = GatedConfiguration(peer);
        var first = await LinkedAgent.StartAsync(configuration);
        var c1 = await peer.NextConnectionAsync("the agent's Connect");
        c1.Send(Assignment(1, "job-1", 1));
        c1.Send(Assignment(2, "job-2", 1));
        await c1.WaitForAsync(HasUpdate("job-1", JobUpdateKind.Started), "job-1 to start");
        await first.DrivePartsAsync(c1, "job-1", 0, 1);
        await c1.WaitForAsync(HasUpdate("job-1", JobUpdateKind.Done), "job-1 to be done");
        await first.DisposeAsync();

        await using var second = await LinkedAgent.StartAsync(configuration);
        using var local = new LocalCalls(second.Host);
        var c2 = await peer.NextConnectionAsync("the restarted agent's Connect");
        await c2.WaitForAsync(Awaiting(true), "the restarted agent's capacity report showing cnc-1 still waiting");
        Assert.Equal(HeldJobStatus.Queued, second.Book.Jobs.Single(j => j.JobId == "job-2").Status);

        using var confirmed = await local.ConfirmAsync("cnc-1");
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        await c2.WaitForAsync(HasUpdate("job-2", JobUpdateKind.Started), "job-2 to start after the confirmation");
    }

    private static Dictionary<string, string?> GatedConfiguration(TestOrchestrator peer)
    {
        var configuration = LinkConfiguration(peer);
        configuration["Agent:Cells:0:OperatorGate"] = "true";
        configuration["Agent:Local:Url"] = "http://127.0.0.1:0";
        return configuration;
    }

    private static Func<IReadOnlyList<AgentMessage>, bool> Awaiting(bool awaiting) =>
        messages => messages.LastOrDefault(m => m.CapacityReport is not null)?.CapacityReport.Cells.Single(c => c.CellId == "cnc-1").AwaitingOperator == awaiting;
}
