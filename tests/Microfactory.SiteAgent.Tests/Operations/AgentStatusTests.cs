using Microfactory.SiteAgent.Operations;
using Microfactory.SiteAgent.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microfactory.SiteAgent.Tests.Operations;

/// <summary>The agent's own health for the technician: the local status endpoint and the CLI that reads it.</summary>
public sealed class AgentStatusTests
{
    [Fact]
    public async Task Status_shows_the_link_and_a_cell_whose_plc_does_not_answer_with_the_reason()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        var plcPort = FreeTcpPort.Next();
        var configuration = MachineAgent.WithModbus(MachineAgent.MachineConfiguration(peer.Address), plcPort);
        configuration["Agent:Local:Url"] = "http://127.0.0.1:0";
        await using var agent = await MachineAgent.StartAsync(configuration);
        using var local = new LocalCalls(agent.Host);
        var c = await peer.NextConnectionAsync("the agent's Connect");
        await c.WaitForAsync(m => m.Any(x => x.CapacityReport is not null), "the first capacity report");

        AgentStatus status = null!;
        await Await.Until(async () => (status = await local.ReadStatusAsync()).Cells[0].LastError is not null, "the refused connection in the status");

        Assert.Equal("osaka-01", status.SiteId);
        Assert.True(status.Link.Connected);
        var cell = Assert.Single(status.Cells);
        Assert.Equal(("cnc-1", "modbus", "Down"), (cell.Id, cell.Driver, cell.State));
        Assert.Contains(cell.Connection, new[] { "Disconnected", "Connecting" });
        Assert.Equal($"modbus-tcp 127.0.0.1:{plcPort} unit 1", cell.Endpoint);
        Assert.Contains("Connection refused", cell.LastError, StringComparison.Ordinal);
        Assert.NotNull(cell.LastErrorAt);
        Assert.False(cell.AwaitingOperator);
    }

    [Fact]
    public async Task The_status_and_confirm_commands_call_the_running_agent_with_its_token()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        var configuration = MachineAgent.WithModbus(MachineAgent.MachineConfiguration(peer.Address), FreeTcpPort.Next());
        configuration["Agent:Local:Url"] = "http://127.0.0.1:0";
        await using var agent = await MachineAgent.StartAsync(configuration);
        var address = agent.Host.Services.GetRequiredService<LocalEndpoint>().Address!;
        await peer.NextConnectionAsync("the agent's Connect");
        var environment = new Dictionary<string, string>
        {
            ["Agent__Local__Url"] = address.ToString(),
            ["Agent__StateDirectory"] = agent.Host.Services.GetRequiredService<IOptions<SiteAgent.Configuration.AgentOptions>>().Value.ResolveStateDirectory(),
        };
        var workingDirectory = Directory.CreateTempSubdirectory("mf-agent-cli-").FullName;

        var status = await ProcessRunner.RunAsync(AgentProcess.DotnetHost(), [AgentProcess.Dll, "status"], "the agent's status command", environment: environment, workingDirectory: workingDirectory);
        var confirm = await ProcessRunner.RunAsync(AgentProcess.DotnetHost(), [AgentProcess.Dll, "confirm", "cnc-1", "--by", "kenji"], "the agent's confirm command", environment: environment, workingDirectory: workingDirectory);
        environment.Remove("Agent__StateDirectory");
        environment["Agent__StateDirectory"] = workingDirectory;
        var noToken = await ProcessRunner.RunAsync(AgentProcess.DotnetHost(), [AgentProcess.Dll, "status"], "the status command without the token", environment: environment, workingDirectory: workingDirectory);

        Assert.True(status.ExitCode == 0, status.StandardError);
        Assert.Contains("site osaka-01", status.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("cell  cnc-1 [modbus] Down", status.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(AgentCommandLine.Failed, confirm.ExitCode);
        Assert.Contains("409 Conflict: Cell 'cnc-1' is not waiting for a confirmation (it has no operator gate", confirm.StandardError, StringComparison.Ordinal);
        Assert.Equal(Hosting.ConfigurationErrorExit.ExitCode, noToken.ExitCode);
        Assert.Contains("No local token", noToken.StandardError, StringComparison.Ordinal);
        Directory.Delete(workingDirectory, recursive: true);
    }
}
