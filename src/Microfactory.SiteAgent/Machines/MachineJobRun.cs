using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Drivers;
using Microsoft.Extensions.Logging;

namespace Microfactory.SiteAgent.Machines;

/// <summary>
/// One job on a machine, driven by its readings: start it (program and quantity), count the parts from the machine's
/// own counters, end it when the quantity is made, fail it or wait on an alarm (<see cref="MachineFaultPolicy"/>),
/// stop it at the next part boundary on cancellation, and start the rest again when the machine ended its run short
/// (a stop at the panel, a power cycle, an alarm cleared). A run is remembered on disk (<see cref="MachineRun"/>) so an
/// agent restarted mid-job takes it up instead of starting the machine twice.
/// </summary>
internal sealed class MachineJobRun(
    MachineCellDriver cell,
    IMachineProtocol protocol,
    MachineRunStore runs,
    CellJob job,
    int program,
    CellOptions options,
    IProgress<JobProgress>? progress,
    TimeProvider time,
    ILogger logger)
{
    private const int MaxRunsWithoutParts = 3;
    private readonly int _quantity = job.GoodBefore + job.ScrapBefore + job.Quantity;
    private int _good = job.GoodBefore;
    private int _scrap = job.ScrapBefore;
    private DateTimeOffset _startedAt = time.GetUtcNow();
    private bool _reportedStarted;

    /// <summary>The machine accepted a run of this job (its loaded program is now the job's).</summary>
    public bool MachineTookIt => _reportedStarted;

    public async Task<JobResult> RunAsync(CancellationToken cancellation, CancellationToken lifetime)
    {
        var run = runs.Load() is { } held && held.JobId == job.JobId ? held : null;
        if (run is not null)
        {
            MachineLog.RunAdopted(logger, cell.CellId, job.JobId, run.Program, run.Quantity);
        }

        var down = false;
        var stopSent = false;
        var startAgainIfIdle = false;
        var runsWithoutParts = 0;
        DateTimeOffset? startDeadline = run is { Accepted: false } ? time.GetUtcNow() + options.Machine.StartTimeout : null;

        // Readings that saw the machine running before the start; one more means the start landed, even when a short
        // run went from RUNNING to DONE between the readings this loop looks at.
        var runningBeforeStart = cell.RunningSeen;
        long seen = 0;
        while (true)
        {
            var reading = await cell.NextReadingAsync(seen, lifetime).ConfigureAwait(false);
            seen = reading.Version;
            if (!reading.IsAvailable)
            {
                if (!down)
                {
                    down = true;
                    Report(JobStage.MachineDown, reading.Unavailable);
                }

                // The machine may have missed a start sent around the outage: its state decides once it is back.
                startAgainIfIdle |= run is { Accepted: false };
                startDeadline = null;
                continue;
            }

            var machine = reading.Snapshot!;
            if (run is { Accepted: false } && (machine.State == MachineState.Running || reading.RunningSeen > runningBeforeStart))
            {
                run = run with { Accepted = true };
                runs.Save(run);
                startDeadline = null;
                startAgainIfIdle = false;
            }

            var madeInRun = run is { Accepted: true } ? Credit(run, machine) : 0;
            if (run is { Accepted: true } && !_reportedStarted)
            {
                _reportedStarted = true;
                _startedAt = time.GetUtcNow();
                Report(JobStage.Started);
            }

            if (_good + _scrap >= _quantity)
            {
                return End(JobOutcome.Completed, null);
            }

            if (machine.HasAlarm)
            {
                if (options.OnFault == MachineFaultPolicy.FailJob && run is not null)
                {
                    MachineLog.Alarm(logger, cell.CellId, job.JobId, machine.Alarm, "fails");
                    return End(_reportedStarted ? JobOutcome.Failed : JobOutcome.Rejected, $"The machine raised {machine.Alarm}.");
                }

                if (!down)
                {
                    down = true;
                    MachineLog.Alarm(logger, cell.CellId, job.JobId, machine.Alarm, "waits until it is cleared");
                    Report(JobStage.MachineDown, machine.Alarm);
                }

                continue;
            }

            if (down)
            {
                down = false;
                Report(JobStage.MachineUp);
            }

            if (cancellation.IsCancellationRequested)
            {
                if (run is { Accepted: false } && startDeadline is { } pending && time.GetUtcNow() <= pending)
                {
                    // A start may still land: wait for it, so that it is stopped rather than left running.
                    continue;
                }

                if (run is not null && machine.State == MachineState.Running)
                {
                    if (!stopSent)
                    {
                        stopSent = await SendStopAsync(lifetime).ConfigureAwait(false);
                    }

                    continue;
                }

                return End(JobOutcome.Cancelled, $"Cancelled at a part boundary after {_good + _scrap} of {_quantity} parts.");
            }

            if (run is null)
            {
                if (machine.State == MachineState.Running)
                {
                    return End(Nothing() ? JobOutcome.Rejected : JobOutcome.Failed,
                        $"The machine is running a program the agent did not start (program {machine.Program?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}).");
                }

                var counting = options.Machine.Counters == MachineCounterMode.Total;
                run = new MachineRun(job.JobId, program, _quantity - _good - _scrap, _good, _scrap,
                    counting ? machine.Good : 0, counting ? machine.Scrap : 0, Accepted: false);
                runs.Save(run);
                runningBeforeStart = cell.RunningSeen;
                MachineLog.RunStarted(logger, cell.CellId, job.JobId, program, run.Quantity);
                try
                {
                    await protocol.StartAsync(program, run.Quantity, job.JobId, job.Parameters, lifetime).ConfigureAwait(false);
                }
                catch (MachineRefusedException e)
                {
                    cell.RecordError(e.Message);
                    return End(Nothing() ? JobOutcome.Rejected : JobOutcome.Failed, $"The machine refused the start: {e.Message}");
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The connection went; the reconnect loop reports it, and the state read afterwards says whether the start landed.
                    cell.RecordError(e.Message);
                    startAgainIfIdle = true;
                    continue;
                }

                startDeadline = time.GetUtcNow() + options.Machine.StartTimeout;
                continue;
            }

            if (!run.Accepted)
            {
                if (startAgainIfIdle)
                {
                    runs.Delete();
                    run = null;
                    startAgainIfIdle = false;
                }
                else if (startDeadline is { } deadline && time.GetUtcNow() > deadline)
                {
                    return End(Nothing() ? JobOutcome.Rejected : JobOutcome.Failed,
                        $"The machine did not show RUNNING within {options.Machine.StartTimeout} of the start command (it shows {machine.State}).");
                }

                continue;
            }

            if (machine.State == MachineState.Running)
            {
                continue;
            }

            // The run ended short of the quantity: start the machine again for the rest.
            runsWithoutParts = madeInRun == 0 ? runsWithoutParts + 1 : 0;
            if (runsWithoutParts >= MaxRunsWithoutParts)
            {
                return End(JobOutcome.Failed, $"The machine ended {MaxRunsWithoutParts} runs in a row without making a part.");
            }

            MachineLog.RunEndedShort(logger, cell.CellId, job.JobId, _good + _scrap, _quantity);
            runs.Delete();
            run = null;
        }
    }

    /// <returns>Whether the stop command was sent (else it is sent again at the next reading).</returns>
    private async Task<bool> SendStopAsync(CancellationToken lifetime)
    {
        try
        {
            await protocol.StopAsync(lifetime).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            cell.RecordError($"Could not send stop: {e.Message}");
            return false;
        }
    }

    /// <summary>The agent stops mid-job: the run stays on disk for the next start; the result is not recorded.</summary>
    public JobResult Abandoned() => Result(JobOutcome.Cancelled, "The agent stopped; the job is taken up again at its next start.");

    public JobResult Failed(string reason)
    {
        runs.Delete();
        return Result(JobOutcome.Failed, reason);
    }

    /// <summary>Counts this run's parts into the job's totals (never below what was already counted); returns the run's parts.</summary>
    private int Credit(MachineRun run, MachineSnapshot machine)
    {
        var good = run.GoodAtStart + (int)Math.Max(0, machine.Good - run.CounterGood);
        var scrap = run.ScrapAtStart + (int)Math.Max(0, machine.Scrap - run.CounterScrap);
        if (good > _good || scrap > _scrap)
        {
            _good = Math.Max(good, _good);
            _scrap = Math.Max(scrap, _scrap);
            Report(JobStage.PartCompleted);
        }

        return _good + _scrap - run.GoodAtStart - run.ScrapAtStart;
    }

    private bool Nothing() => !_reportedStarted && job.GoodBefore + job.ScrapBefore == 0;

    private JobResult End(JobOutcome outcome, string? reason)
    {
        runs.Delete();
        if (outcome == JobOutcome.Completed && _good + _scrap > _quantity)
        {
            // A machine that made more than asked: DONE carries exactly the quantity (good first).
            _good = Math.Min(_good, _quantity);
            _scrap = _quantity - _good;
        }

        if (outcome == JobOutcome.Rejected)
        {
            MachineLog.JobRefused(logger, cell.CellId, job.JobId, reason ?? "");
            return new JobResult(job.JobId, outcome, 0, 0, _startedAt, _startedAt, reason);
        }

        return Result(outcome, reason);
    }

    private JobResult Result(JobOutcome outcome, string? reason) =>
        new(job.JobId, outcome, _good - job.GoodBefore, _scrap - job.ScrapBefore, _startedAt, time.GetUtcNow(), reason);

    private void Report(JobStage stage, string? detail = null) =>
        progress?.Report(new JobProgress(job.JobId, stage, _good - job.GoodBefore, _scrap - job.ScrapBefore, job.Quantity, time.GetUtcNow(), detail));
}
