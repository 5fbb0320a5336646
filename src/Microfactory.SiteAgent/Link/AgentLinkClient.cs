using Grpc.Core;
using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Designs;
using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microfactory.SiteAgent.Link;

/// <summary>
/// The agent's side of the agent link: runs the cells' queues, and keeps one Connect stream to the orchestrator,
/// reconnecting forever with backoff and jitter. PERMISSION_DENIED stops the agent; UNAUTHENTICATED retries only
/// at the maximum backoff.
/// </summary>
public sealed class AgentLinkClient(
    IOptions<AgentOptions> options,
    CellDrivers cells,
    JobBook book,
    LinkGate gate,
    ReconnectBackoff backoff,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory,
    ILogger<AgentLinkClient> logger) : BackgroundService
{
    private LinkSession? _session;

    /// <summary>Completes when the agent gave up for good (PERMISSION_DENIED, or its enrolment token was refused).</summary>
    public Task Refused => _refused.Task;

    private readonly TaskCompletionSource _refused = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);

        // Like a process exit: nothing the abandoned drivers report after this point is recorded.
        book.Close();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var agent = options.Value;
        var runners = cells.All.ToDictionary(
            cell => cell.CellId,
            cell => new CellJobRunner(cell, book, gate, time, agent.ProgressInterval, logger),
            StringComparer.Ordinal);
        var running = runners.Values.Select(r => Task.Run(() => r.RunAsync(stoppingToken), CancellationToken.None)).ToList();
        foreach (var cell in cells.All)
        {
            cell.StatusChanged += OnCellStatusChanged;
        }

        var installing = Task.CompletedTask;
        try
        {
            using var channel = AgentLinkChannel.Create(agent.OrchestratorUrl!, loggerFactory);
            var client = new AgentLink.AgentLinkClient(channel);
            var credential = new SiteCredential(agent, backoff, time, logger);
            try
            {
                await credential.EnsureAsync(new Enrolment.EnrolmentClient(channel), stoppingToken).ConfigureAwait(false);
            }
            catch (EnrolmentRefusedException e)
            {
                AgentLinkLog.EnrolmentRefused(logger, agent.SiteId, e.Status.ToString(), e.Detail);
                _refused.TrySetResult();
                lifetime.StopApplication();
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            var instanceId = Guid.NewGuid().ToString("N");
            var installer = new DesignInstaller(
                new ArtifactDownloader(client, credential.Current, agent.Designs.DownloadDeadline), new DesignDisk(agent.ResolveStateDirectory()), cells.All, book, agent.Designs, time, logger);
            await installer.ReinstallAsync(stoppingToken).ConfigureAwait(false);
            installing = Task.Run(() => installer.RunAsync(stoppingToken), CancellationToken.None);
            while (!stoppingToken.IsCancellationRequested)
            {
                var presented = credential.Current();
                _session = new LinkSession(client, agent, presented, instanceId, cells.All, runners, book, gate, time, logger);
                var end = await _session.RunAsync(stoppingToken).ConfigureAwait(false);
                _session = null;
                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                if (end.StatusCode == StatusCode.PermissionDenied)
                {
                    AgentLinkLog.PermissionDenied(logger, agent.SiteId, end.Detail);
                    _refused.TrySetResult();
                    lifetime.StopApplication();
                    break;
                }

                // A credential refused while a new one is already in place (a rotation written to the file) is no reason to wait.
                var unauthenticated = end.StatusCode == StatusCode.Unauthenticated && credential.Current() == presented;
                if (unauthenticated)
                {
                    AgentLinkLog.Unauthenticated(logger, agent.SiteId, end.Detail);
                }

                var wait = backoff.NextWait(end.Lived, end.RetryAfter, atMaximum: unauthenticated);
                AgentLinkLog.Reconnecting(logger, agent.SiteId, end.StatusCode.ToString(), end.Detail, wait);
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            foreach (var cell in cells.All)
            {
                cell.StatusChanged -= OnCellStatusChanged;
            }

            await installing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void OnCellStatusChanged(object? sender, CellStatus status) => _session?.CellStateChanged();
}
