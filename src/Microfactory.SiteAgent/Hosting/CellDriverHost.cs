using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Drivers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microfactory.SiteAgent.Hosting;

/// <summary>Brings the site's cells up at start (drivers connect to their machines), logs what they do, and lets them go at stop.</summary>
internal sealed class CellDriverHost(CellDrivers cells, IOptions<AgentOptions> options, ILogger<CellDriverHost> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var agent = options.Value;
        AgentLog.Starting(logger, AgentVersion.Current, agent.SiteId, agent.OrchestratorUrl, cells.All.Count);
        foreach (var cell in cells.All)
        {
            var description = cell.Describe();
            var status = cell.GetStatus();
            AgentLog.CellReady(
                logger,
                cell.CellId,
                description.Driver,
                status.State.ToString(),
                string.Join(", ", description.Capabilities),
                string.Join(", ", status.InstalledDesigns.Select(d => d.DesignVersion)));
            cell.StatusChanged += OnStatusChanged;
        }

        // Each returns at once: a machine that does not answer is a cell that is down, not an agent that cannot start.
        return Task.WhenAll(cells.All.Select(cell => cell.StartAsync(cancellationToken)));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // After the link (hosted services stop in reverse order): nothing is recorded any more, so a driver may let go.
        await Task.WhenAll(cells.All.Select(cell => cell.StopAsync(cancellationToken))).ConfigureAwait(false);
        foreach (var cell in cells.All)
        {
            cell.StatusChanged -= OnStatusChanged;
        }
    }

    private void OnStatusChanged(object? sender, CellStatus status) =>
        AgentLog.CellStatusChanged(logger, status.CellId, status.State.ToString(), status.CurrentJobId, status.LoadedDesignVersion, status.DownReason ?? (status.AwaitingOperator ? "awaiting operator" : "-"));
}
