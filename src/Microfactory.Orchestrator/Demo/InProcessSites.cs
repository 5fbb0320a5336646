using System.Collections.Concurrent;
using System.Threading.Channels;
using Microfactory.Network.Link;
using Microfactory.Network.Routing;
using Microfactory.Network.Sites;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.Demo;

/// <summary>
/// Simulated factories that talk to the orchestrator through the same edge the gRPC agent link uses: they connect,
/// follow their outbox, acknowledge, run each cell's jobs one after another and report job updates.
/// They keep no state of their own, so they acknowledge only up to the oldest unfinished job: after a restart the
/// outbox hands them what they had not finished.
/// </summary>
public sealed partial class InProcessSites(SiteLink link, IOptions<DemoOptions> options, TimeProvider time, ILogger<InProcessSites> logger)
{
    public Task RunAsync(IReadOnlyList<string> siteIds, CancellationToken cancellationToken) =>
        Task.WhenAll(siteIds.Select((id, i) => RunSiteAsync(id, new Random(options.Value.Seed + i), cancellationToken)));

    private async Task RunSiteAsync(string siteId, Random random, CancellationToken cancellationToken)
    {
        var site = new SimulatedSite(siteId);
        await link.ConnectAsync(siteId, $"demo-{Guid.NewGuid():N}", 0, []);
        try
        {
            await foreach (var message in link.FollowAsync(siteId, 0, cancellationToken))
            {
                site.Received(message);
                if (message.Kind == OutboxKind.Cancel)
                {
                    site.Cancelled.TryAdd(message.JobId, true);
                }
                else if (message.Assignment is { } job && site.Seen.TryAdd(job.JobId, true))
                {
                    var cell = site.Cells.GetOrAdd(job.CellId, id =>
                    {
                        var queue = Channel.CreateUnbounded<JobAssignment>();
                        _ = RunCellAsync(site, queue.Reader, random, cancellationToken);
                        return queue;
                    });
                    await link.ReportJobAsync(siteId, new JobUpdate(job.JobId, JobUpdateKind.Accepted, 0, 0, null, time.GetUtcNow()));
                    cell.Writer.TryWrite(job);
                }

                await AcknowledgeAsync(site);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogSiteFailed(ex, siteId);
        }
    }

    private async Task RunCellAsync(SimulatedSite site, ChannelReader<JobAssignment> jobs, Random random, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var job in jobs.ReadAllAsync(cancellationToken))
            {
                if (!site.Cancelled.ContainsKey(job.JobId))
                {
                    await link.ReportCellsAsync(site.Id, [new CellReport(job.CellId, CellState.Busy, null)]);
                    await link.ReportJobAsync(site.Id, new JobUpdate(job.JobId, JobUpdateKind.Started, 0, 0, null, time.GetUtcNow()));
                    await Task.Delay(options.Value.WorkHour * job.LoadHours, time, cancellationToken);
                    int scrap;
                    lock (random)
                    {
                        scrap = Enumerable.Range(0, job.Quantity).Count(_ => random.NextDouble() < options.Value.ScrapRate);
                    }

                    await link.ReportJobAsync(site.Id, new JobUpdate(job.JobId, JobUpdateKind.Done, job.Quantity - scrap, scrap, null, time.GetUtcNow()));
                    await link.ReportCellsAsync(site.Id, [new CellReport(job.CellId, CellState.Idle, [job.Design])]);
                }

                site.Finished(job.JobId);
                await AcknowledgeAsync(site);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogSiteFailed(ex, site.Id);
        }
    }

    private async Task AcknowledgeAsync(SimulatedSite site)
    {
        if (site.TakeAcknowledgement() is { } sequence)
        {
            await link.AcknowledgeAsync(site.Id, sequence);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Simulated site {SiteId} stopped")]
    private partial void LogSiteFailed(Exception exception, string siteId);

    private sealed class SimulatedSite(string id)
    {
        private readonly Lock _gate = new();
        private readonly SortedDictionary<long, string?> _open = [];
        private readonly Dictionary<string, long> _sequenceOfJob = new(StringComparer.Ordinal);
        private long _highest;
        private long _acknowledged;

        public string Id { get; } = id;

        public ConcurrentDictionary<string, Channel<JobAssignment>> Cells { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, bool> Seen { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, bool> Cancelled { get; } = new(StringComparer.Ordinal);

        public void Received(Microfactory.Network.Sites.OutboxMessage message)
        {
            lock (_gate)
            {
                _highest = Math.Max(_highest, message.Sequence);
                if (message.Kind == OutboxKind.Assign && !_sequenceOfJob.ContainsKey(message.JobId))
                {
                    _open[message.Sequence] = message.JobId;
                    _sequenceOfJob[message.JobId] = message.Sequence;
                }
            }
        }

        public void Finished(string jobId)
        {
            lock (_gate)
            {
                if (_sequenceOfJob.Remove(jobId, out var sequence))
                {
                    _open.Remove(sequence);
                }
            }
        }

        /// <summary>The highest sequence below every unfinished job, if it moved.</summary>
        public long? TakeAcknowledgement()
        {
            lock (_gate)
            {
                var upTo = _open.Count == 0 ? _highest : _open.Keys.First() - 1;
                if (upTo <= _acknowledged)
                {
                    return null;
                }

                _acknowledged = upTo;
                return upTo;
            }
        }
    }
}
