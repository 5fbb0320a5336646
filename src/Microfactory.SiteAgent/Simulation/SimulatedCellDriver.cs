using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Hosting;
using Microsoft.Extensions.Logging;

namespace Microfactory.SiteAgent.Simulation;

/// <summary>
/// A cell that behaves like a machine without one: changeover time when the design changes, cycle time
/// per part, a seeded scrap rate, and faults a test or demo can inject (<see cref="BreakDown"/>,
/// <see cref="FailJobAtPart"/>, <see cref="FailNextInstall"/>). All timing goes through the injected
/// <see cref="TimeProvider"/>, so tests drive it with a manual clock.
/// </summary>
public sealed class SimulatedCellDriver : ICellDriver, IDisposable
{
    public const string DriverName = "simulated";

    private readonly Lock _gate = new();
    private readonly CellDescription _description;
    private readonly SimulatedCellOptions _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _scrapDraws;
    private readonly MachineAvailability _machine;
    private readonly Dictionary<string, InstalledDesign> _installed = new(StringComparer.Ordinal);
    private string? _loadedDesign;
    private CellState _activity = CellState.Idle;
    private string? _currentJobId;
    private (int Part, string Reason)? _failAtPart;
    private string? _failNextInstall;
    private ITimer? _backUpNotice;
    private (string Reason, DateTimeOffset At)? _lastFault;
    private readonly CancellationTokenSource _lifetime = new();

    public SimulatedCellDriver(string cellId, IReadOnlyList<string> capabilities, double hoursAvailablePerDay, SimulatedCellOptions settings, TimeProvider time, ILogger<SimulatedCellDriver> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cellId);
        _description = new CellDescription(cellId, DriverName, [.. capabilities], hoursAvailablePerDay);
        _settings = settings;
        _time = time;
        _logger = logger;
        _scrapDraws = settings.Seed is { } seed ? new Random(seed) : new Random();
        _machine = new MachineAvailability(time);
        foreach (var version in settings.InstalledDesigns)
        {
            _installed[version] = new InstalledDesign(version, "");
        }

        _loadedDesign = settings.LoadedDesign;
    }

    public string CellId => _description.CellId;

    public event EventHandler<CellStatus>? StatusChanged;

    public CellDescription Describe() => _description;

    public CellStatus GetStatus()
    {
        var down = _machine.IsDown(out var downUntil, out var reason);
        lock (_gate)
        {
            return new CellStatus(
                CellId,
                down ? CellState.Down : _activity,
                _loadedDesign,
                [.. _installed.Values.OrderBy(d => d.DesignVersion, StringComparer.Ordinal)],
                _currentJobId,
                down ? downUntil : null,
                down ? reason : null);
        }
    }

    public CellHealth GetHealth()
    {
        var down = _machine.IsDown(out _, out var reason);
        lock (_gate)
        {
            return new CellHealth(CellId, DriverName, DriverConnection.Local, null, _lastFault?.Reason, _lastFault?.At, null, down ? reason : null);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Abandons a job still running (it ends as cancelled; the agent that stops no longer records it).</summary>
    public Task StopAsync(CancellationToken cancellationToken) => _lifetime.CancelAsync();

    /// <summary>A simulated breakdown ends by itself when its duration is over.</summary>
    public Task<string?> ResetFaultAsync(CancellationToken cancellationToken) =>
        Task.FromResult<string?>($"Cell '{CellId}' is simulated: its breakdowns end by themselves after their duration.");

    public TimeSpan EstimateDuration(string designVersion, int quantity)
    {
        var outage = _machine.IsDown(out var until, out _) ? until - _time.GetUtcNow() : TimeSpan.Zero;
        lock (_gate)
        {
            var changeover = _loadedDesign == designVersion ? TimeSpan.Zero : _settings.ChangeoverTime;
            return outage + changeover + (_settings.CycleTime * quantity);
        }
    }

    /// <summary>Takes the machine down now for <paramref name="duration"/>; the part or changeover under way restarts after the repair.</summary>
    public void BreakDown(TimeSpan duration, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var until = _machine.BreakDown(duration, reason);
        SimulatedCellLog.MachineDown(_logger, CellId, reason, until);
        lock (_gate)
        {
            _lastFault = (reason, _time.GetUtcNow());
            // Tells capacity reporting the cell is back even when no job is waiting for it.
            _backUpNotice?.Dispose();
            _backUpNotice = _time.CreateTimer(_ => RaiseStatusChanged(), null, until - _time.GetUtcNow(), Timeout.InfiniteTimeSpan);
        }

        RaiseStatusChanged();
    }

    /// <summary>The current or next job to reach part <paramref name="partNumber"/> fails there (that part is scrap).</summary>
    public void FailJobAtPart(int partNumber, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partNumber, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        lock (_gate)
        {
            _failAtPart = (partNumber, reason);
        }
    }

    /// <summary>The next design install fails with <paramref name="reason"/>.</summary>
    public void FailNextInstall(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        lock (_gate)
        {
            _failNextInstall = reason;
        }
    }

    public async Task<JobResult> RunJobAsync(CellJob job, IProgress<JobProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        return await RunAsync(job, progress, stop.Token).ConfigureAwait(false);
    }

    private async Task<JobResult> RunAsync(CellJob job, IProgress<JobProgress>? progress, CancellationToken cancellationToken)
    {
        var startedAt = _time.GetUtcNow();
        var size = SizeFactor(job, out var sizeProblem);
        var refusal = sizeProblem ?? Claim(job);
        if (refusal is not null)
        {
            SimulatedCellLog.JobRejected(_logger, CellId, job.JobId, refusal);
            return new JobResult(job.JobId, JobOutcome.Rejected, 0, 0, startedAt, startedAt, refusal);
        }

        var run = new SimulatedJobRun(job, progress, _time, startedAt);
        run.Report(JobStage.Started);
        try
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return Cancelled(run);
            }

            await ChangeOverIfNeededAsync(run, cancellationToken).ConfigureAwait(false);
            SetActivity(CellState.Running);
            using var production = AgentDiagnostics.StartStep("produce parts", CellId, job.JobId);
            production?.SetTag("mf.parts.planned", job.Quantity);
            while (run.Made < job.Quantity)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return Cancelled(run);
                }

                await _machine.PerformAsync(_settings.CycleTime * size, finishOnceStarted: true, run.MachineDown, run.MachineUp, cancellationToken).ConfigureAwait(false);
                if (TakeFailure(run.Made + 1) is { } failure)
                {
                    lock (_gate)
                    {
                        _lastFault = (failure, _time.GetUtcNow());
                    }

                    run.PartMade(good: false);
                    SimulatedCellLog.JobFailed(_logger, CellId, job.JobId, run.Made, failure);
                    return Metered(run.Finish(JobOutcome.Failed, failure), run, size);
                }

                run.PartMade(good: _scrapDraws.NextDouble() >= _settings.ScrapRate);
            }

            SimulatedCellLog.JobCompleted(_logger, CellId, job.JobId, run.Good, run.Scrap);
            return Metered(run.Finish(JobOutcome.Completed, null), run, size);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Only a changeover or a wait for repair is abandoned mid-way; a part on the machine is always finished.
            return Cancelled(run);
        }
        finally
        {
            lock (_gate)
            {
                _currentJobId = null;
                _activity = CellState.Idle;
            }

            RaiseStatusChanged();
        }
    }

    public async Task<DesignInstallResult> InstallDesignAsync(DesignPackage design, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentException.ThrowIfNullOrWhiteSpace(design.DesignVersion);
        if (!Sha256Hex.IsValid(design.Sha256))
        {
            throw new ArgumentException($"Design '{design.DesignVersion}' has SHA-256 '{design.Sha256}', expected 64 lowercase hex characters.", nameof(design));
        }

        string? failure;
        lock (_gate)
        {
            failure = _failNextInstall;
            _failNextInstall = null;
            if (failure is null && _installed.TryGetValue(design.DesignVersion, out var existing) && existing.Sha256.Length > 0 && existing.Sha256 != design.Sha256)
            {
                failure = $"Design '{design.DesignVersion}' is already installed with SHA-256 {existing.Sha256}; a version's bundle never changes.";
            }
        }

        if (failure is null && _settings.InstallTime > TimeSpan.Zero)
        {
            await ClockDelay.WaitAsync(_time, _settings.InstallTime, cancellationToken).ConfigureAwait(false);
        }

        if (failure is not null)
        {
            SimulatedCellLog.InstallFailed(_logger, CellId, design.DesignVersion, failure);
            return new DesignInstallResult(CellId, design.DesignVersion, false, failure);
        }

        lock (_gate)
        {
            _installed[design.DesignVersion] = new InstalledDesign(design.DesignVersion, design.Sha256);
        }

        SimulatedCellLog.DesignInstalled(_logger, CellId, design.DesignVersion);
        RaiseStatusChanged();
        return new DesignInstallResult(CellId, design.DesignVersion, true);
    }

    public Task<DesignInstallResult> RemoveDesignAsync(string designVersion, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(designVersion);
        lock (_gate)
        {
            if (_currentJobId is not null && _loadedDesign == designVersion)
            {
                return Task.FromResult(new DesignInstallResult(CellId, designVersion, false, $"Cell '{CellId}' is running job '{_currentJobId}' on design '{designVersion}'."));
            }

            _installed.Remove(designVersion);
            if (_loadedDesign == designVersion)
            {
                _loadedDesign = null;
            }
        }

        SimulatedCellLog.DesignRemoved(_logger, CellId, designVersion);
        RaiseStatusChanged();
        return Task.FromResult(new DesignInstallResult(CellId, designVersion, true));
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _backUpNotice?.Dispose();
            _backUpNotice = null;
        }

        _lifetime.Dispose();
    }

    /// <summary>Makes the job the cell's current one, or says why the cell refuses it.</summary>
    private string? Claim(CellJob job)
    {
        lock (_gate)
        {
            if (_currentJobId is not null)
            {
                throw new InvalidOperationException($"Cell '{CellId}' is running job '{_currentJobId}'; it cannot start job '{job.JobId}' until that one ends.");
            }

            if (!_installed.TryGetValue(job.DesignVersion, out var design))
            {
                return $"Design '{job.DesignVersion}' is not installed on cell '{CellId}'.";
            }

            if (job.DesignSha256 is { } wanted && design.Sha256.Length > 0 && !string.Equals(design.Sha256, wanted, StringComparison.OrdinalIgnoreCase))
            {
                return $"Design '{job.DesignVersion}' on cell '{CellId}' has SHA-256 {design.Sha256}, the job expects {wanted}.";
            }

            _currentJobId = job.JobId;
            return null;
        }
    }

    private async Task ChangeOverIfNeededAsync(SimulatedJobRun run, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_loadedDesign == run.Job.DesignVersion)
            {
                return;
            }

            // Half set up is set up for nothing: until the changeover completes the cell's design is unknown.
            _loadedDesign = null;
            _activity = CellState.ChangingOver;
        }

        RaiseStatusChanged();
        using var step = AgentDiagnostics.StartStep("changeover", CellId, run.Job.JobId)?.SetTag("mf.design.version", run.Job.DesignVersion);
        run.Report(JobStage.ChangeoverStarted);
        SimulatedCellLog.ChangeoverStarted(_logger, CellId, run.Job.JobId, run.Job.DesignVersion);
        await _machine.PerformAsync(_settings.ChangeoverTime, finishOnceStarted: false, run.MachineDown, run.MachineUp, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _loadedDesign = run.Job.DesignVersion;
        }

        run.Report(JobStage.ChangeoverCompleted);
    }

    private JobResult Cancelled(SimulatedJobRun run)
    {
        SimulatedCellLog.JobCancelled(_logger, CellId, run.Job.JobId, run.Good, run.Scrap);
        return Metered(run.Cancelled(), run, SizeFactor(run.Job, out _));
    }

    /// <summary>Cycle time (and energy) relative to the reference size, from the job's size parameter; 1 without one.</summary>
    private double SizeFactor(CellJob job, out string? problem)
    {
        problem = null;
        if (_settings.SizeParameter is not { } name || !job.Parameters.TryGetValue(name, out var text))
        {
            return 1;
        }

        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value <= 0)
        {
            problem = $"Cell '{CellId}' scales its cycle time by parameter '{name}', which this job does not give as a positive number.";
            return 1;
        }

        return value / _settings.ReferenceSize;
    }

    private JobResult Metered(JobResult result, SimulatedJobRun run, double size) =>
        _settings.EnergyKwhPerPart is { } perPart ? result with { EnergyKwh = perPart * size * run.Made } : result;

    private string? TakeFailure(int partNumber)
    {
        lock (_gate)
        {
            if (_failAtPart is { } failure && failure.Part == partNumber)
            {
                _failAtPart = null;
                return failure.Reason;
            }

            return null;
        }
    }

    private void SetActivity(CellState activity)
    {
        lock (_gate)
        {
            _activity = activity;
        }

        RaiseStatusChanged();
    }

    private void RaiseStatusChanged() => StatusChanged?.Invoke(this, GetStatus());
}
