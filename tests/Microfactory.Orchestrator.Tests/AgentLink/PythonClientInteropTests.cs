using System.Globalization;
using System.Text.Json;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests.AgentLink;

/// <summary>
/// The gRPC interop cases as they apply to AgentLink, run by Python grpcio's client (tests/interop/python/agent_link_client.py)
/// against the real orchestrator over loopback HTTP/2.
/// </summary>
public sealed class PythonClientInteropTests : IAsyncLifetime
{
    private const string Site = "osaka-01";
    private const string Credential = "osaka-01-credential-0123456789";
    private const string OtherCredential = "kyoto-01-credential-0123456789";
    private RealOrchestrator _node = null!;

    public async Task InitializeAsync()
    {
        _node = await RealOrchestrator.StartAsync(new Dictionary<string, string> { [Site] = Credential, ["kyoto-01"] = OtherCredential });
        await _node.SeedAsync(Site);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Theory]
    [InlineData("empty_unary")]
    [InlineData("cancel_after_begin")]
    [InlineData("timeout_on_sleeping_server")]
    [InlineData("status_code_and_message")]
    public async Task The_python_client_case_passes_and_leaves_the_site_disconnected(string interopCase)
    {
        await PassAsync(interopCase);

        // Whatever way the stream ended, the orchestrator let the session go.
        await Await.Until(async () => !await ConnectedAsync(), $"{Site} to be disconnected after {interopCase}");
    }

    [Fact]
    public async Task ping_pong_completes_a_queued_order_one_acknowledged_update_at_a_time()
    {
        await PassAsync("empty_unary"); // the site has been seen, so it is offline but not lost and takes work
        var orderId = await _node.SubmitOrderAsync("python-ping-pong");

        var output = await PassAsync("ping_pong");

        Assert.Contains($"ORDER {orderId}", output, StringComparison.Ordinal);
        var order = await _node.OrderAsync(orderId);
        Assert.Equal("Completed", order.Status);
        Assert.Equal(5, order.Good);
    }

    [Fact]
    public async Task A_cancelled_stream_does_not_keep_the_next_one_from_connecting()
    {
        await PassAsync("cancel_after_begin");

        await PassAsync("empty_unary");
    }

    private async Task<string> PassAsync(string interopCase)
    {
        var result = await PythonGrpc.RunAsync(PythonPeer.Script("agent_link_client.py"), await PythonPeer.ContractCodeAsync(),
            [$"127.0.0.1:{_node.AgentLink.Port.ToString(CultureInfo.InvariantCulture)}", Site, Credential, OtherCredential, interopCase],
            $"the Python client's {interopCase} case");
        var output = result.StandardOutput + result.StandardError;
        Assert.True(result.ExitCode == 0, $"{interopCase} failed (exit {result.ExitCode}): {output}");
        Assert.Contains($"PASS {interopCase}", output, StringComparison.Ordinal);
        return output;
    }

    private async Task<bool> ConnectedAsync()
    {
        using var site = await JsonDocument.ParseAsync(await _node.Admin.GetStreamAsync($"/api/sites/{Site}"));
        return site.RootElement.GetProperty("connected").GetBoolean();
    }
}
