using System.Net.Http.Json;
using System.Text.Json;
using Microfactory.Orchestrator.Tests.Support;
using Microfactory.Testing;

namespace Microfactory.Orchestrator.Tests.AgentLink;

/// <summary>
/// The agent contract as a factory's own engineers would use it: an agent written with Python's official gRPC library
/// (tests/interop/python/agent_link_peer.py) against the real orchestrator over loopback HTTP/2.
/// </summary>
public sealed class PythonAgentLinkTests : IAsyncLifetime
{
    private const string OsakaCredential = "osaka-01-credential-0123456789";
    private const string KyotoCredential = "kyoto-01-credential-0123456789";
    private RealOrchestrator _orchestrator = null!;

    public async Task InitializeAsync()
    {
        _orchestrator = await RealOrchestrator.StartAsync(new Dictionary<string, string> { ["osaka-01"] = OsakaCredential, ["kyoto-01"] = KyotoCredential });
        await _orchestrator.SeedAsync("osaka-01", "kyoto-01");
    }

    public async Task DisposeAsync() => await _orchestrator.DisposeAsync();

    [Fact]
    public async Task A_python_agent_receives_its_job_and_completes_the_order()
    {
        await using var agent = await PythonAgent.StartAsync(_orchestrator.AgentLink, "osaka-01", OsakaCredential, "complete");
        await agent.WaitForAsync("welcome");

        var orderId = await _orchestrator.SubmitOrderAsync("python-1");

        var assignment = await agent.WaitForAsync("assignment", e => e.GetProperty("order").GetString() == orderId);
        Assert.StartsWith("00-", assignment.GetProperty("traceparent").GetString(), StringComparison.Ordinal);
        await agent.WaitForAsync("ack", e => e.GetProperty("sequence").GetInt64() == 3, "the orchestrator to acknowledge the agent's DONE (sequence 3)");
        var order = await _orchestrator.OrderAsync(orderId);
        Assert.Equal("Completed", order.Status);
        Assert.Equal(5, order.Good);
        Assert.Equal("osaka-01", order.Assignment!.SiteId);
    }

    [Fact]
    public async Task A_credential_for_another_site_is_refused_with_permission_denied()
    {
        await using var agent = await PythonAgent.StartAsync(_orchestrator.AgentLink, "osaka-01", KyotoCredential, "complete");

        var end = await agent.WaitForAsync("end");

        Assert.Equal("PERMISSION_DENIED", end.GetProperty("status").GetString());
        Assert.Contains("osaka-01", end.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "UNAUTHENTICATED")]
    [InlineData("not-a-known-credential-at-all-000", "UNAUTHENTICATED")]
    public async Task A_missing_or_unknown_credential_is_refused(string? credential, string expected)
    {
        await using var agent = await PythonAgent.StartAsync(_orchestrator.AgentLink, "osaka-01", credential, "complete");

        Assert.Equal(expected, (await agent.WaitForAsync("end")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_stream_that_does_not_start_with_hello_is_refused_with_a_message()
    {
        await using var agent = await PythonAgent.StartAsync(_orchestrator.AgentLink, "osaka-01", OsakaCredential, "nohello");

        var end = await agent.WaitForAsync("end");

        Assert.Equal("INVALID_ARGUMENT", end.GetProperty("status").GetString());
        Assert.Contains("hello", end.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_newer_stream_for_a_site_replaces_the_older_one_which_is_told_why()
    {
        await using var first = await PythonAgent.StartAsync(_orchestrator.AgentLink, "kyoto-01", KyotoCredential, "hold");
        await first.WaitForAsync("welcome");

        await using var second = await PythonAgent.StartAsync(_orchestrator.AgentLink, "kyoto-01", KyotoCredential, "hold");
        await second.WaitForAsync("welcome");

        await first.WaitForAsync("notice", e => e.GetProperty("code").GetString() == "NOTICE_CODE_SESSION_REPLACED");
        Assert.Equal("ABORTED", (await first.WaitForAsync("end")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_site_whose_agent_dropped_gets_no_new_work_and_the_waiting_order_reaches_the_agent_when_it_returns()
    {
        await using (var agent = await PythonAgent.StartAsync(_orchestrator.AgentLink, "kyoto-01", KyotoCredential, "hold"))
        {
            await agent.WaitForAsync("welcome");
        }

        await Await.Until(async () => !(await _orchestrator.Admin.GetFromJsonAsync<JsonElement>("/api/sites/kyoto-01")).GetProperty("connected").GetBoolean(),
            "kyoto-01 to show its agent disconnected");

        // osaka-01 never connected, so it is offline; kyoto-01's agent dropped: the site is not dead (lost_after), but it
        // gets no new work, so the order waits.
        var orderId = await _orchestrator.SubmitOrderAsync("python-resume");
        Assert.Equal(("Unroutable", null), ((await _orchestrator.OrderAsync(orderId)).Status, (await _orchestrator.OrderAsync(orderId)).Assignment));

        await using var back = await PythonAgent.StartAsync(_orchestrator.AgentLink, "kyoto-01", KyotoCredential, "complete");
        var welcome = await back.WaitForAsync("welcome");
        Assert.Equal(0, welcome.GetProperty("resume_after").GetInt64());
        await back.WaitForAsync("assignment", e => e.GetProperty("order").GetString() == orderId);
        await Await.Until(async () => (await _orchestrator.OrderAsync(orderId)).Status == "Completed", "the order queued while the agent was away to complete");
    }
}
