using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Drivers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microfactory.SiteAgent.Hosting;

/// <summary>Brings the site's cells up at start and logs what they do; the orchestrator link will hang off this.</summary>
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

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var cell in cells.All)
        {
            cell.StatusChanged -= OnStatusChanged;
        }

        return Task.CompletedTask;
    }

    private void OnStatusChanged(object? sender, CellStatus status) =>
        AgentLog.CellStatusChanged(logger, status.CellId, status.State.ToString(), status.CurrentJobId, status.LoadedDesignVersion);
}
