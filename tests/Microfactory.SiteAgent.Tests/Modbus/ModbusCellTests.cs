using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Tests.Support;
using static Microfactory.SiteAgent.Tests.Support.MachineAgent;

namespace Microfactory.SiteAgent.Tests.Modbus;

/// <summary>
/// A cell on a real Modbus TCP server (python3-pymodbus 3.0 running tests/machines/modbus_machine.py), driven through
/// the whole agent: jobs from a test orchestrator over the agent link, counts from the machine's registers.
/// </summary>
public sealed class ModbusCellTests
{
    [Fact]
    public async Task A_job_runs_to_completion_with_the_counts_read_from_the_registers()
    {
        await using var rig = await ModbusRig.StartAsync(0.05, null, "--scrap-every", "3");
        var c = rig.Connection;

        c.Send(MachineJob(1, "job-1", 5));
        await c.WaitForAsync(LinkedAgent.HasUpdate("job-1", JobUpdateKind.Done), "job-1 to be done");

        Assert.Equal("started program=12 quantity=5", await rig.Machine.WaitForAsync("started", "the machine's start"));
        Assert.Equal(1, rig.Machine.Count("started"));
        var updates = c.Updates("job-1");
        var done = updates.Single(u => u.Kind == JobUpdateKind.Done);
        Assert.Equal((4u, 1u), (done.GoodCount, done.ScrapCount));
        Assert.Single(updates, u => u.Kind == JobUpdateKind.Started);
        var progress = updates.Where(u => u.Kind == JobUpdateKind.Progress).Select(u => u.GoodCount + u.ScrapCount).ToList();
        Assert.NotEmpty(progress);
        Assert.Equal(progress.Order(), progress);
        Assert.All(progress, made => Assert.InRange(made, 1u, 4u));
        await c.WaitForAsync(m => m.Last(x => x.CapacityReport is not null).CapacityReport.Cells.Single().State == CellState.Idle, "the cell to be idle after the job");
    }

    [Fact]
    public async Task An_alarm_fails_the_job_with_the_machines_code_and_text_and_the_cell_is_down_until_it_is_cleared()
    {
        await using var rig = await ModbusRig.StartAsync(0.05);
        var c = rig.Connection;
        await rig.Machine.SendAsync("alarm-at 2 42 Spindle overload");

        var up = c.Received.Count;
        c.Send(MachineJob(1, "job-1", 5));
        await c.WaitForAsync(LinkedAgent.HasUpdate("job-1", JobUpdateKind.Failed), "job-1 to fail on the alarm");

        var failed = c.Updates("job-1").Single(u => u.Kind == JobUpdateKind.Failed);
        Assert.Equal("The machine raised alarm 42: Spindle overload.", failed.Reason);
        Assert.Equal((2u, 0u), (failed.GoodCount, failed.ScrapCount));
        await c.WaitForAsync(CellReported(CellState.Down, up), "the faulted cell to be reported down");

        var before = c.Received.Count;
        await rig.Machine.SendAsync("clear");
        await c.WaitForAsync(CellReported(CellState.Idle, before), "the cell to be reported idle once the alarm is cleared");
    }

    [Fact]
    public async Task A_dropped_connection_is_the_cell_down_and_it_comes_back_with_the_job_counted_through()
    {
        await using var rig = await ModbusRig.StartAsync(0.1);
        var c = rig.Connection;

        c.Send(MachineJob(1, "job-1", 12));
        await c.WaitForAsync(m => m.Any(x => x.JobUpdate is { JobId: "job-1", Kind: JobUpdateKind.Progress, GoodCount: >= 2 }), "two parts of job-1");
        var before = c.Received.Count;
        await rig.Machine.SendAsync("drop");
        await c.WaitForAsync(CellReported(CellState.Down, before), "the cell to be reported down when its connection drops");
        Assert.DoesNotContain(c.Updates("job-1"), u => u.Kind is JobUpdateKind.Failed or JobUpdateKind.Done);

        await rig.Machine.SendAsync("restore");
        await c.WaitForAsync(LinkedAgent.HasUpdate("job-1", JobUpdateKind.Done), "job-1 to be done after the connection is back");

        var done = c.Updates("job-1").Single(u => u.Kind == JobUpdateKind.Done);
        Assert.Equal(12u, done.GoodCount + done.ScrapCount);
        Assert.Equal(1, rig.Machine.Count("started"));
        Assert.True(c.Received.Skip(before).Any(m => m.CapacityReport?.Cells.Any(x => x.State != CellState.Down) == true), "the cell was reported back up");
    }

    [Fact]
    public async Task A_modbus_exception_response_refuses_the_job_with_the_exception()
    {
        await using var rig = await ModbusRig.StartAsync(0.05);
        var c = rig.Connection;

        // The agent maps this design to program 99; the PLC answers the write with exception 3.
        c.Send(MachineJob(1, "job-1", 2, design: UnknownProgramDesign));
        await c.WaitForAsync(LinkedAgent.HasUpdate("job-1", JobUpdateKind.Rejected), "job-1 to be refused");

        var rejected = c.Updates("job-1").Single(u => u.Kind == JobUpdateKind.Rejected);
        Assert.Contains("Modbus exception 3 (illegal data value", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("write single register (FC6) at address 0", rejected.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(c.Updates("job-1"), u => u.Kind == JobUpdateKind.Started);
        Assert.Equal("refused-program 99", await rig.Machine.WaitForAsync("refused-program", "the machine's refusal"));
        Assert.Equal(0, rig.Machine.Count("started"));
    }

    [Fact]
    public async Task With_OnFault_Resume_the_job_waits_out_the_alarm_and_the_rest_is_made_after_it_is_cleared()
    {
        await using var rig = await ModbusRig.StartAsync(0.05, configuration => configuration["Agent:Cells:0:OnFault"] = "Resume");
        var c = rig.Connection;
        await rig.Machine.SendAsync("alarm-at 2 17 Door open");

        // Counted from here: the cell was reported down before its first reading, too.
        var up = c.Received.Count;
        c.Send(MachineJob(1, "job-1", 5));
        await c.WaitForAsync(CellReported(CellState.Down, up), "the cell to be reported down on the alarm");
        await rig.Machine.WaitForAsync("alarm code=17", "the machine's alarm");
        Assert.DoesNotContain(c.Updates("job-1"), u => u.Kind is JobUpdateKind.Failed or JobUpdateKind.Done);

        await rig.Machine.SendAsync("clear");
        await c.WaitForAsync(LinkedAgent.HasUpdate("job-1", JobUpdateKind.Done), "job-1 to be done after the alarm is cleared");

        var done = c.Updates("job-1").Single(u => u.Kind == JobUpdateKind.Done);
        Assert.Equal((5u, 0u), (done.GoodCount, done.ScrapCount));
        Assert.Equal("started program=12 quantity=3", await rig.Machine.WaitForAsync("started", "the restart for the rest", skip: 1));
    }

    [Fact]
    public async Task An_agent_restarted_mid_job_takes_the_run_up_without_starting_the_machine_again()
    {
        await using var rig = await ModbusRig.StartAsync(0.1);
        rig.Connection.Send(MachineJob(1, "job-1", 15));
        await rig.Connection.WaitForAsync(m => m.Any(x => x.JobUpdate is { JobId: "job-1", Kind: JobUpdateKind.Progress, GoodCount: >= 2 }), "two parts of job-1");
        await rig.StopAgentAsync();

        await rig.StartAgentAsync("the restarted agent's Connect");
        await rig.Connection.WaitForAsync(LinkedAgent.HasUpdate("job-1", JobUpdateKind.Done), "job-1 to be done by the restarted agent");

        var done = rig.Connection.Updates("job-1").Single(u => u.Kind == JobUpdateKind.Done);
        Assert.Equal(15u, done.GoodCount + done.ScrapCount);
        Assert.Equal(1, rig.Machine.Count("started"));
    }
}
