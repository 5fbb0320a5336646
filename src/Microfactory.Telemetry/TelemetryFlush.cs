using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microfactory.Telemetry;

/// <summary>Flushes and shuts the providers down when the host stops, so the last spans and metrics of a run are not lost.</summary>
internal sealed class TelemetryFlush(TracerProvider? tracing, MeterProvider? metrics) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        tracing?.ForceFlush(5000);
        metrics?.ForceFlush(5000);
        tracing?.Dispose();
        metrics?.Dispose();
        return Task.CompletedTask;
    }
}
