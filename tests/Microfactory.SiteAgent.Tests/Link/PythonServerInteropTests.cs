using System.Globalization;
using System.Text.Json;
using Microfactory.SiteAgent.Link;
using Microfactory.SiteAgent.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microfactory.SiteAgent.Tests.Link;

/// <summary>
/// Our site agent, as Program.cs builds it (Grpc.Net.Client, real clock), against an orchestrator side written with
/// Python grpcio (tests/interop/python/agent_link_server.py): the interop cases as they apply to the agent's client.
/// </summary>
public sealed class PythonServerInteropTests
{
    // What the Python peer ends the stream with: whitespace, BMP and non-BMP characters survive grpc-message's encoding.
    private const string SpecialMessage = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001F608\t\n";

    [Fact]
    public async Task ping_pong_the_agent_runs_the_assigned_job_acknowledging_and_reporting_each_step_then_cancels_its_stream_on_stop()
    {
        await using var peer = await PythonPeer.StartAsync("agent_link_server.py", AgentHosts.Credential, "job");
        var host = await StartAgentAsync(peer);
        try
        {
            var hello = await peer.WaitForAsync("hello", what: "the agent's Hello");
            Assert.Equal("osaka-01", hello.GetProperty("site").GetString());
            Assert.True(hello.GetProperty("authorized").GetBoolean(), "the agent did not send its credential as authorization: Bearer metadata");
            Assert.Equal(["cnc-1", "printer-1"], hello.GetProperty("cells").EnumerateArray().Select(c => c.GetString()));

            await peer.WaitForAsync("ack", e => e.GetProperty("sequence").GetUInt64() == 1, "the agent to acknowledge the assignment (sequence 1)");
            var done = await peer.WaitForAsync("update", e => e.GetProperty("kind").GetString() == "JOB_UPDATE_KIND_DONE", "the job's DONE");
            Assert.Equal(2, done.GetProperty("good").GetInt32() + done.GetProperty("scrap").GetInt32());
            var kinds = peer.Events.Where(IsUpdate).Select(e => e.GetProperty("kind").GetString()).Distinct().ToList();
            Assert.Equal(["JOB_UPDATE_KIND_ACCEPTED", "JOB_UPDATE_KIND_STARTED"], kinds.Take(2));
            var sequences = peer.Events.Where(IsUpdate).Select(e => e.GetProperty("sequence").GetUInt64()).ToList();
            Assert.Equal(sequences.Order(), sequences);
        }
        finally
        {
            await host.StopAsync().Within("the site agent to stop");
            host.Dispose();
        }

        // cancel_after_begin, from our side: a stopping agent cancels its call, and the peer sees that.
        var ended = await peer.WaitForAsync("ended", what: "the Python peer to see the stream end");
        Assert.False(ended.GetProperty("active").GetBoolean(), "the stream ended as a half-close, not a cancellation");
    }

    [Fact]
    public async Task timeout_on_sleeping_server_no_Welcome_in_time_gives_the_stream_up_and_the_agent_dials_again()
    {
        await using var peer = await PythonPeer.StartAsync("agent_link_server.py", AgentHosts.Credential, "sleep");
        var logs = new CapturedLogs();
        var host = await StartAgentAsync(peer, logs, welcomeTimeout: TimeSpan.FromSeconds(1));
        try
        {
            var ended = await peer.WaitForAsync("ended", e => e.GetProperty("attempt").GetInt32() == 1, "the first stream to be given up");
            Assert.False(ended.GetProperty("active").GetBoolean());
            await peer.WaitForAsync("hello", e => e.GetProperty("attempt").GetInt32() == 2, "the agent to dial again");
            Assert.Contains(logs.Entries, e => e.Contains("[1109]", StringComparison.Ordinal));
        }
        finally
        {
            await host.StopAsync().Within("the site agent to stop");
            host.Dispose();
        }
    }

    [Fact]
    public async Task status_code_and_message_permission_denied_stops_the_agent_with_the_peers_exact_message()
    {
        await using var peer = await PythonPeer.StartAsync("agent_link_server.py", AgentHosts.Credential, "refuse");
        var logs = new CapturedLogs();
        var host = await StartAgentAsync(peer, logs);
        try
        {
            await host.Services.GetRequiredService<AgentLinkClient>().Refused.Within("the agent to give up on PERMISSION_DENIED");

            Assert.Contains(logs.Entries, e => e.StartsWith("Critical", StringComparison.Ordinal) && e.Contains($"PERMISSION_DENIED: {SpecialMessage})", StringComparison.Ordinal));
            // The peer's own record of the hello can reach us after the refusal did.
            await peer.WaitForAsync("hello", _ => true, "the peer to record the agent's hello");
            Assert.Single(peer.Events, e => e.GetProperty("event").GetString() == "hello");
        }
        finally
        {
            await host.StopAsync().Within("the site agent to stop");
            host.Dispose();
        }
    }

    [Fact]
    public async Task status_code_and_message_unavailable_is_logged_with_its_message_and_the_agent_reconnects_and_works()
    {
        await using var peer = await PythonPeer.StartAsync("agent_link_server.py", AgentHosts.Credential, "flaky");
        var logs = new CapturedLogs();
        var host = await StartAgentAsync(peer, logs);
        try
        {
            await peer.WaitForAsync("update", e => e.GetProperty("attempt").GetInt32() == 2 && e.GetProperty("kind").GetString() == "JOB_UPDATE_KIND_DONE", "the job done on the second stream");

            Assert.Contains(logs.Entries, e => e.Contains("[1102]", StringComparison.Ordinal) && e.Contains("(Unavailable: node restarting)", StringComparison.Ordinal));
        }
        finally
        {
            await host.StopAsync().Within("the site agent to stop");
            host.Dispose();
        }
    }

    private static bool IsUpdate(JsonElement e) => e.GetProperty("event").GetString() == "update";

    private static async Task<IHost> StartAgentAsync(PythonPeer peer, CapturedLogs? logs = null, TimeSpan? welcomeTimeout = null)
    {
        var listening = await peer.WaitForAsync("listening", what: "the Python orchestrator to listen");
        var configuration = AgentHosts.ValidConfiguration();
        configuration["Agent:OrchestratorUrl"] = $"http://127.0.0.1:{listening.GetProperty("port").GetInt32().ToString(CultureInfo.InvariantCulture)}";
        configuration["Agent:WelcomeTimeout"] = (welcomeTimeout ?? TimeSpan.FromSeconds(30)).ToString("c", CultureInfo.InvariantCulture);
        configuration["Agent:Cells:0:Simulated:CycleTime"] = "00:00:00.050";
        configuration["Agent:Cells:0:Simulated:ChangeoverTime"] = "00:00:00";
        var host = AgentHosts.Build(configuration, logs);
        await host.StartAsync().Within("the site agent to start");
        return host;
    }
}
