using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Hosting;
using Microfactory.SiteAgent.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Microfactory.SiteAgent.Tests.Support.MachineAgent;
using CellState = Microfactory.Contracts.Agent.V1.CellState;

namespace Microfactory.SiteAgent.Tests.Mqtt;

/// <summary>
/// A cell behind a real broker (Debian's mosquitto, TLS, started by the test) with a simulated machine speaking MQTT
/// (tests/machines/mqtt_machine.py on python3-paho-mqtt), driven through the whole agent.
/// </summary>
public sealed class MqttCellTests
{
    [Fact]
    public async Task A_job_completes_with_the_counts_the_machine_publishes()
    {
        await using var rig = await MqttRig.StartAsync(0.05);
        var c = rig.Connection;

        c.Send(MachineJob(1, "job-1", 6));
        await c.WaitForAsync(LinkedAgent.HasUpdate("job-1", JobUpdateKind.Done), "job-1 to be done");

        var done = c.Updates("job-1").Single(u => u.Kind == JobUpdateKind.Done);
        Assert.Equal((6u, 0u), (done.GoodCount, done.ScrapCount));
        Assert.Equal("started program=12 quantity=6 job=job-1", await rig.Machine.WaitForAsync("started", "the machine's start"));
        Assert.Single(c.Updates("job-1"), u => u.Kind == JobUpdateKind.Started);
        Assert.Contains(c.Updates("job-1"), u => u.Kind == JobUpdateKind.Progress);
    }

    [Fact]
    public async Task A_fault_fails_the_job_with_the_alarm_and_the_cell_is_down_until_it_is_reset_through_the_agent()
    {
        await using var rig = await MqttRig.StartAsync(0.05);
        var c = rig.Connection;
        await rig.Machine.SendAsync("alarm-at 3 7 Nozzle clogged");

        var up = c.Received.Count;
        c.Send(MachineJob(1, "job-1", 6));
        await c.WaitForAsync(LinkedAgent.HasUpdate("job-1", JobUpdateKind.Failed), "job-1 to fail on the alarm");

        var failed = c.Updates("job-1").Single(u => u.Kind == JobUpdateKind.Failed);
        Assert.Equal("The machine raised alarm 7: Nozzle clogged.", failed.Reason);
        Assert.Equal(3u, failed.GoodCount + failed.ScrapCount);
        await c.WaitForAsync(CellReported(CellState.Down, up), "the faulted cell to be reported down");
        var cell = rig.Agent.Host.Services.GetRequiredService<CellDrivers>().Get(CellId);
        Assert.Equal(7, cell.GetHealth().AlarmCode);

        var before = c.Received.Count;
        Assert.Null(await cell.ResetFaultAsync(CancellationToken.None).Within("the reset command"));
        await rig.Machine.WaitForAsync("reset", "the machine to take the reset");
        await c.WaitForAsync(CellReported(CellState.Idle, before), "the cell to be reported idle after the reset");
    }

    [Fact]
    public async Task A_broker_restart_is_the_cell_down_and_the_job_goes_on_to_completion()
    {
        await using var rig = await MqttRig.StartAsync(0.1);
        var c = rig.Connection;

        c.Send(MachineJob(1, "job-1", 15));
        await c.WaitForAsync(m => m.Any(x => x.JobUpdate is { JobId: "job-1", Kind: JobUpdateKind.Progress, GoodCount: >= 2 }), "two parts of job-1");
        var before = c.Received.Count;
        await rig.Broker.RestartAsync();
        await c.WaitForAsync(CellReported(CellState.Down, before), "the cell to be reported down while the broker is away");
        await c.WaitForAsync(LinkedAgent.HasUpdate("job-1", JobUpdateKind.Done), "job-1 to be done after the broker is back");

        var done = c.Updates("job-1").Single(u => u.Kind == JobUpdateKind.Done);
        Assert.Equal(15u, done.GoodCount + done.ScrapCount);
        Assert.Equal(1, rig.Machine.Count("started"));
        Assert.True(rig.Machine.Count("connected") >= 2, "the machine reconnected to the restarted broker");
    }

    [Fact]
    public async Task A_machine_that_vanishes_is_down_by_its_last_will_and_up_when_it_is_back()
    {
        await using var rig = await MqttRig.StartAsync(0.05);
        var c = rig.Connection;

        var before = c.Received.Count;
        await rig.Machine.KillAsync();
        await c.WaitForAsync(CellReported(CellState.Down, before), "the cell to be reported down by the machine's last will", TimeSpan.FromSeconds(30));
        var health = rig.Agent.Host.Services.GetRequiredService<CellDrivers>().Get(CellId).GetStatus();
        Assert.Contains("offline", health.DownReason, StringComparison.Ordinal);

        before = c.Received.Count;
        await rig.StartMachineAsync(0.05);
        await c.WaitForAsync(CellReported(CellState.Idle, before), "the cell to be reported idle when the machine is back");
    }

    [Fact]
    public async Task The_agent_can_authenticate_with_a_client_certificate()
    {
        await using var rig = await MqttRig.StartAsync(0.05, (rig, configuration) =>
        {
            configuration["Agent:Cells:0:Mqtt:Port"] = $"{rig.Broker.CertificatePort}";
            configuration.Remove("Agent:Cells:0:Mqtt:Username");
            configuration.Remove("Agent:Cells:0:Mqtt:Password");
            configuration["Agent:Cells:0:Mqtt:Tls:ClientCertificateFile"] = rig.Broker.Certificates.ClientCertificateFile;
            configuration["Agent:Cells:0:Mqtt:Tls:ClientKeyFile"] = rig.Broker.Certificates.ClientKeyFile;
        });
        var c = rig.Connection;

        c.Send(MachineJob(1, "job-1", 2));
        await c.WaitForAsync(LinkedAgent.HasUpdate("job-1", JobUpdateKind.Done), "job-1 to be done over the certificate listener");
    }

    [Fact]
    public async Task A_wrong_password_keeps_the_cell_down_with_the_brokers_refusal_and_never_logs_the_password()
    {
        const string wrong = "not-the-password-93ab";
        var logs = new CapturedLogs();
        await using var peer = await TestOrchestrator.StartAsync();
        await using var broker = await MosquittoBroker.StartAsync();
        var configuration = MachineConfiguration(peer.Address);
        configuration["Agent:Cells:0:Driver"] = "mqtt";
        configuration["Agent:Cells:0:Mqtt:Host"] = "127.0.0.1";
        configuration["Agent:Cells:0:Mqtt:Port"] = $"{broker.PasswordPort}";
        configuration["Agent:Cells:0:Mqtt:Username"] = MosquittoBroker.Username;
        configuration["Agent:Cells:0:Mqtt:Password"] = wrong;
        configuration["Agent:Cells:0:Mqtt:Tls:CaFile"] = broker.Certificates.CaFile;
        configuration["Agent:Cells:0:Mqtt:CommandTopic"] = MqttRig.CommandTopic;
        configuration["Agent:Cells:0:Mqtt:StatusTopic"] = MqttRig.StatusTopic;
        await using var agent = await MachineAgent.StartAsync(configuration, logs);
        var cell = agent.Host.Services.GetRequiredService<CellDrivers>().Get(CellId);

        await Await.Until(() => Task.FromResult(cell.GetHealth().LastError is not null), "the refused connection to be recorded");

        var health = cell.GetHealth();
        Assert.Equal(DriverConnection.Disconnected, health.Connection);
        Assert.Contains("The broker refused the connection: NotAuthorized; check Agent:Cells:0:Mqtt:Username and Agent:Cells:0:Mqtt:Password", health.LastError, StringComparison.Ordinal);
        Assert.Equal(SiteAgent.Drivers.CellState.Down, cell.GetStatus().State);
        Assert.DoesNotContain(logs.Entries, e => e.Contains(wrong, StringComparison.Ordinal));
    }
}
