using System.Diagnostics;
using Microfactory.Network.Link;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.Hosting;

/// <summary>
/// Says, when Ctrl+C or SIGTERM arrives, what the process waits for and for how long at most, and how long it took:
/// an operator watching a stop that seems slow knows whether it is the agents or the silo.
/// </summary>
public sealed partial class ShutdownReport(IHostApplicationLifetime lifetime, SiteSessions sessions, IOptions<HostOptions> host, ILogger<ShutdownReport> logger)
    : IHostedService
{
    /// <summary>The section whose ShutdownTimeout bounds the whole stop (ASP.NET Core's HostOptions).</summary>
    public const string Section = "HostOptions";

    private long _stoppingAt;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            _stoppingAt = Stopwatch.GetTimestamp();
            LogStopping(sessions.Count, host.Value.ShutdownTimeout);
        });
        lifetime.ApplicationStopped.Register(() => LogStopped(Stopwatch.GetElapsedTime(_stoppingAt)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information,
        Message = "Shutting down: telling {Agents} connected agents to reconnect to another node, writing what grains hold in memory and leaving the cluster (at most {Timeout}, HostOptions:ShutdownTimeout)")]
    private partial void LogStopping(int agents, TimeSpan timeout);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Stopped in {Elapsed}")]
    private partial void LogStopped(TimeSpan elapsed);
}
