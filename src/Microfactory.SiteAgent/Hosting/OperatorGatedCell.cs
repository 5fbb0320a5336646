using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Link;

namespace Microfactory.SiteAgent.Hosting;

/// <summary>
/// A cell with an operator gate: its status carries whether it waits for a confirmation (from the <see cref="JobBook"/>,
/// which closes the gate after each job and keeps it closed across restarts), and a change of the gate raises
/// <see cref="StatusChanged"/> like any other change, so the capacity report shows it at once.
/// </summary>
internal sealed class OperatorGatedCell : ICellDriver, IAsyncDisposable
{
    private readonly ICellDriver _inner;
    private readonly JobBook _book;

    public OperatorGatedCell(ICellDriver inner, JobBook book)
    {
        _inner = inner;
        _book = book;
        _inner.StatusChanged += (_, status) => StatusChanged?.Invoke(this, WithGate(status));
        _book.OperatorGateChanged += (_, cellId) =>
        {
            if (cellId == CellId)
            {
                StatusChanged?.Invoke(this, GetStatus());
            }
        };
    }

    public event EventHandler<CellStatus>? StatusChanged;

    public ICellDriver Inner => _inner;

    public string CellId => _inner.CellId;

    public CellDescription Describe() => _inner.Describe();

    public CellStatus GetStatus() => WithGate(_inner.GetStatus());

    public CellHealth GetHealth() => _inner.GetHealth();

    public TimeSpan EstimateDuration(string designVersion, int quantity) => _inner.EstimateDuration(designVersion, quantity);

    public Task StartAsync(CancellationToken cancellationToken) => _inner.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _inner.StopAsync(cancellationToken);

    public Task<JobResult> RunJobAsync(CellJob job, IProgress<JobProgress>? progress, CancellationToken cancellationToken) =>
        _inner.RunJobAsync(job, progress, cancellationToken);

    public Task<string?> ResetFaultAsync(CancellationToken cancellationToken) => _inner.ResetFaultAsync(cancellationToken);

    public Task<DesignInstallResult> InstallDesignAsync(DesignPackage design, CancellationToken cancellationToken) =>
        _inner.InstallDesignAsync(design, cancellationToken);

    public Task<DesignInstallResult> RemoveDesignAsync(string designVersion, CancellationToken cancellationToken) =>
        _inner.RemoveDesignAsync(designVersion, cancellationToken);

    public ValueTask DisposeAsync() => _inner.DisposeDriverAsync();

    private CellStatus WithGate(CellStatus status) => status with { AwaitingOperator = _book.AwaitingOperatorFor(CellId) is not null };
}
