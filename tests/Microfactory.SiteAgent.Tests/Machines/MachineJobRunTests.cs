using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Machines;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microfactory.SiteAgent.Tests.Machines;

/// <summary>How the machine driver decides that a start landed, with a scripted machine in place of a protocol.</summary>
public sealed class MachineJobRunTests
{
    [Fact]
    public async Task A_run_that_went_from_running_to_done_between_two_readings_is_counted()
    {
        // An MQTT machine reports each change: RUNNING came and went before the agent's next reading.
        var machine = new ScriptedMachine((program, quantity) => new MachineSnapshot(MachineState.Done, quantity, 0, 0, null, program, RanSinceLastRead: true));
        await using var cell = await StartedCellAsync(machine);

        var result = await cell.RunJobAsync(new CellJob("job-1", "order-1", "bracket-a@1.0.0", 3), null, CancellationToken.None).Within("the job");

        Assert.Equal((JobOutcome.Completed, 3, 0), (result.Outcome, result.Good, result.Scrap));
    }

    [Fact]
    public async Task Done_with_the_last_runs_counters_is_not_taken_for_a_run_that_never_showed_running()
    {
        // The previous run's DONE and counts are still there: the start did not land.
        var machine = new ScriptedMachine((_, _) => new MachineSnapshot(MachineState.Done, 5, 0, 0, null, 12));
        await using var cell = await StartedCellAsync(machine);

        var result = await cell.RunJobAsync(new CellJob("job-1", "order-1", "bracket-a@1.0.0", 5), null, CancellationToken.None).Within("the job");

        Assert.Equal(JobOutcome.Rejected, result.Outcome);
        Assert.Contains("did not show RUNNING within", result.Reason, StringComparison.Ordinal);
        Assert.Equal(1, machine.Starts);
    }

    private static async Task<MachineCellDriver> StartedCellAsync(ScriptedMachine machine)
    {
        var options = new CellOptions
        {
            Id = "cnc-1",
            Driver = "scripted",
            Capabilities = ["cnc-milling"],
            Machine = new MachineCellOptions
            {
                Programs = [new MachineProgramOptions { Design = "bracket-a@1.0.0", Number = 12 }],
                PollInterval = TimeSpan.FromMilliseconds(10),
                StartTimeout = TimeSpan.FromMilliseconds(300),
            },
        };
        var state = Directory.CreateTempSubdirectory("mf-machine-run-").FullName;
        var cell = new MachineCellDriver(options, machine, new MachineRunStore(state, "cnc-1"), TimeProvider.System, NullLogger.Instance);
        await cell.StartAsync(CancellationToken.None);
        await Await.Until(() => Task.FromResult(cell.GetStatus().State == CellState.Idle), "the scripted machine to be read");
        return cell;
    }

    /// <summary>A machine whose state after a start the test gives; every reading returns it (and clears RanSinceLastRead).</summary>
    private sealed class ScriptedMachine(Func<int, int, MachineSnapshot> afterStart) : IMachineProtocol
    {
        private readonly Lock _gate = new();
        private MachineSnapshot _now = new(MachineState.Idle, 0, 0, 0, null, null);

        public int Starts { get; private set; }

        public string Endpoint => "scripted";

        public Task ConnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<MachineSnapshot> ReadAsync(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                var now = _now;
                _now = _now with { RanSinceLastRead = false };
                return Task.FromResult(now);
            }
        }

        public Task WaitForChangeAsync(TimeSpan interval, CancellationToken cancellationToken) => Task.Delay(interval, cancellationToken);

        public Task StartAsync(int program, int quantity, string jobId, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Starts++;
                _now = afterStart(program, quantity);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ResetAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DisconnectAsync() => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
