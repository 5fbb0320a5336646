using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Link;
using Microsoft.Extensions.Logging;

namespace Microfactory.SiteAgent.Machines;

/// <summary>
/// A cell whose machine is reached over a wire (Modbus TCP, MQTT): the agent's side of every such family. It keeps
/// the connection (reconnecting with doubling waits), reads the machine every poll, reports the cell DOWN while the
/// machine cannot be reached, reports itself offline or shows an alarm, and runs jobs through <see cref="MachineJobRun"/>.
/// The family's <see cref="IMachineProtocol"/> only speaks the protocol.
/// </summary>
internal sealed class MachineCellDriver : ICellDriver, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly CellDescription _description;
    private readonly CellOptions _cell;
    private readonly IMachineProtocol _protocol;
    private readonly MachineRunStore _runs;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AsyncPulse _readings = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Dictionary<string, InstalledDesign> _installed = new(StringComparer.Ordinal);
    private Task _supervision = Task.CompletedTask;
    private DriverConnection _connection = DriverConnection.Connecting;
    private string? _unavailable = "not connected yet";
    private MachineSnapshot? _snapshot;
    private long _version;
    private long _runningSeen;
    private (string Message, DateTimeOffset At)? _lastError;
    private string? _currentJobId;
    private string? _loadedDesign;
    private CellStatus? _lastRaised;

    public MachineCellDriver(CellOptions cell, IMachineProtocol protocol, MachineRunStore runs, TimeProvider time, ILogger logger)
    {
        _cell = cell;
        _description = new CellDescription(cell.Id, cell.Driver, [.. cell.Capabilities], cell.HoursAvailablePerDay);
        _protocol = protocol;
        _runs = runs;
        _time = time;
        _logger = logger;
        foreach (var program in cell.Machine.Programs)
        {
            _installed[program.Design] = new InstalledDesign(program.Design, "");
        }
    }

    public string CellId => _description.CellId;

    public event EventHandler<CellStatus>? StatusChanged;

    public CellDescription Describe() => _description;

    public CellStatus GetStatus()
    {
        lock (_gate)
        {
            var down = DownReason();
            return new CellStatus(
                CellId,
                down is not null ? CellState.Down : _currentJobId is not null ? CellState.Running : CellState.Idle,
                LoadedDesign(),
                [.. _installed.Values.OrderBy(d => d.DesignVersion, StringComparer.Ordinal)],
                _currentJobId,
                null,
                down);
        }
    }

    public CellHealth GetHealth()
    {
        lock (_gate)
        {
            var alarm = _snapshot is { HasAlarm: true } s && _unavailable is null ? s : null;
            return new CellHealth(CellId, _description.Driver, _connection, _protocol.Endpoint, _lastError?.Message, _lastError?.At, alarm?.AlarmCode, alarm?.AlarmText);
        }
    }

    public TimeSpan EstimateDuration(string designVersion, int quantity)
    {
        lock (_gate)
        {
            var changeover = LoadedDesign() == designVersion ? TimeSpan.Zero : _cell.Machine.ChangeoverTime;
            return changeover + (_cell.Machine.CycleTime * quantity);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _supervision = Task.Run(() => SuperviseAsync(_lifetime.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _supervision.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async Task<JobResult> RunJobAsync(CellJob job, IProgress<JobProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var at = _time.GetUtcNow();
        lock (_gate)
        {
            if (_currentJobId is not null)
            {
                throw new InvalidOperationException($"Cell '{CellId}' is running job '{_currentJobId}'; it cannot start job '{job.JobId}' until that one ends.");
            }

            if (_cell.Machine.ProgramFor(job.DesignVersion) is not { } || !_installed.ContainsKey(job.DesignVersion))
            {
                var reason = $"Cell '{CellId}' has no program for design '{job.DesignVersion}' ({_cell.Key}:Machine:Programs).";
                MachineLog.JobRefused(_logger, CellId, job.JobId, reason);
                return new JobResult(job.JobId, JobOutcome.Rejected, 0, 0, at, at, reason);
            }

            _currentJobId = job.JobId;
        }

        RaiseIfChanged();
        var run = new MachineJobRun(this, _protocol, _runs, job, _cell.Machine.ProgramFor(job.DesignVersion)!.Value, _cell, progress, _time, _logger);
        try
        {
            return await run.RunAsync(cancellationToken, _lifetime.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // The agent stops: the machine goes on; the next start takes the run up from disk.
            return run.Abandoned();
        }
        catch (Exception e)
        {
            MachineLog.JobCrashed(_logger, CellId, job.JobId, e);
            RecordError(e.Message);
            return run.Failed($"The agent's driver for cell '{CellId}' failed: {e.Message}");
        }
        finally
        {
            lock (_gate)
            {
                _currentJobId = null;
                if (run.MachineTookIt)
                {
                    _loadedDesign = job.DesignVersion;
                }
            }

            RaiseIfChanged();
        }
    }

    public async Task<string?> ResetFaultAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_connection != DriverConnection.Connected)
            {
                return $"Cell '{CellId}' is not connected to {_protocol.Endpoint}.";
            }
        }

        try
        {
            await _protocol.ResetAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RecordError(e.Message);
            return e.Message;
        }
    }

    public Task<DesignInstallResult> InstallDesignAsync(DesignPackage design, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(design);
        if (_cell.Machine.ProgramFor(design.DesignVersion) is null)
        {
            return Task.FromResult(new DesignInstallResult(CellId, design.DesignVersion, false,
                $"Cell '{CellId}' has no program number for design '{design.DesignVersion}': load the program on the machine and add it to {_cell.Key}:Machine:Programs."));
        }

        lock (_gate)
        {
            _installed[design.DesignVersion] = new InstalledDesign(design.DesignVersion, design.Sha256);
        }

        RaiseIfChanged(force: true);
        return Task.FromResult(new DesignInstallResult(CellId, design.DesignVersion, true));
    }

    public Task<DesignInstallResult> RemoveDesignAsync(string designVersion, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _installed.Remove(designVersion);
            if (_loadedDesign == designVersion)
            {
                _loadedDesign = null;
            }
        }

        RaiseIfChanged(force: true);
        return Task.FromResult(new DesignInstallResult(CellId, designVersion, true));
    }

    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _supervision.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _protocol.DisposeAsync().ConfigureAwait(false);
        _lifetime.Dispose();
    }

    /// <summary>The first reading newer than <paramref name="after"/>: a snapshot, or why the machine cannot be read.</summary>
    internal async Task<MachineReading> NextReadingAsync(long after, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (_version > after)
                {
                    return new MachineReading(_version, _unavailable is null ? _snapshot : null, _unavailable ?? _snapshot?.Offline, _runningSeen);
                }

                next = _readings.Next;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How many readings so far saw the machine running (or report it ran since the one before): a start landed when it grows.</summary>
    internal long RunningSeen { get { lock (_gate) { return _runningSeen; } } }

    internal void RecordError(string message)
    {
        lock (_gate)
        {
            _lastError = (message, _time.GetUtcNow());
        }
    }

    private async Task SuperviseAsync(CancellationToken lifetime)
    {
        var wait = _cell.Machine.ReconnectDelay;
        while (!lifetime.IsCancellationRequested)
        {
            try
            {
                await _protocol.ConnectAsync(lifetime).ConfigureAwait(false);
                Update(DriverConnection.Connected, $"connected to {_protocol.Endpoint}, first reading pending", null);
                MachineLog.Connected(_logger, CellId, _protocol.Endpoint);
                wait = _cell.Machine.ReconnectDelay;
                while (true)
                {
                    try
                    {
                        Update(DriverConnection.Connected, null, await _protocol.ReadAsync(lifetime).ConfigureAwait(false));
                    }
                    catch (MachineRefusedException e)
                    {
                        // The machine answers but not as mapped: the cell is down with the reason, and is read again next poll.
                        MachineLog.ReadRefused(_logger, CellId, _protocol.Endpoint, e.Message);
                        RecordError(e.Message);
                        Update(DriverConnection.Connected, e.Message, null);
                    }

                    await _protocol.WaitForChangeAsync(_cell.Machine.PollInterval, lifetime).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                var reason = $"no connection to {_protocol.Endpoint}: {e.Message}";
                RecordError(reason);
                Update(DriverConnection.Disconnected, reason, null);
                MachineLog.ConnectionLost(_logger, CellId, _protocol.Endpoint, e.Message, wait);
                await _protocol.DisconnectAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await Task.Delay(wait, _time, lifetime).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, _cell.Machine.MaxReconnectDelay.Ticks));
            }
        }

        await _protocol.DisconnectAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void Update(DriverConnection connection, string? unavailable, MachineSnapshot? snapshot)
    {
        lock (_gate)
        {
            _connection = connection;
            _unavailable = unavailable;
            if (snapshot is not null)
            {
                _snapshot = snapshot;
                if (snapshot.State == MachineState.Running || snapshot.RanSinceLastRead)
                {
                    _runningSeen++;
                }

                if (snapshot.HasAlarm)
                {
                    _lastError = (snapshot.Alarm, _time.GetUtcNow());
                }
            }

            _version++;
        }

        _readings.Pulse();
        RaiseIfChanged();
    }

    // Under _gate.
    private string? DownReason() =>
        _unavailable ?? _snapshot?.Offline ?? (_snapshot is { HasAlarm: true } s ? s.Alarm : null);

    // Under _gate: the design of the program the machine reports, else the one its last job used.
    private string? LoadedDesign() =>
        _snapshot?.Program is { } program && _cell.Machine.Programs.FirstOrDefault(p => p.Number == program) is { } known
            ? known.Design
            : _loadedDesign;

    private void RaiseIfChanged(bool force = false)
    {
        var status = GetStatus();
        lock (_gate)
        {
            if (!force && _lastRaised is { } last && last.State == status.State && last.DownReason == status.DownReason
                && last.CurrentJobId == status.CurrentJobId && last.LoadedDesignVersion == status.LoadedDesignVersion)
            {
                return;
            }

            _lastRaised = status;
        }

        StatusChanged?.Invoke(this, status);
    }
}

/// <summary>One reading of the machine: its snapshot, or why there is none (not connected, refused, offline).</summary>
/// <param name="RunningSeen">Readings that saw the machine running, up to this one (<see cref="MachineCellDriver.RunningSeen"/>).</param>
internal sealed record MachineReading(long Version, MachineSnapshot? Snapshot, string? Unavailable, long RunningSeen)
{
    public bool IsAvailable => Snapshot is not null && Unavailable is null;
}
